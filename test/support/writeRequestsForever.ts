// Run as a child process by the store test: creates requests until it is killed, printing each
// number once its write has completed, so the test knows what must survive the kill.
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { draftFor, storeDraft } from './requestDrafts';

(async () => {
  const store = await LowdbRequestStore.open(process.argv[2]);
  for (let n = 1; ; n++) {
    const created = await Promise.all([storeDraft(store, draftFor(n)), storeDraft(store, draftFor(n + 100_000))]);
    process.stdout.write(created.map((r) => r.number).join('\n') + '\n');
  }
})();
