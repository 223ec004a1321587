import { openFilesBudget } from '../../platform/openFilesBudget';

const limits = (soft: string) => `Limit                     Soft Limit           Hard Limit           Units     \nMax cpu time              unlimited            unlimited            seconds   \nMax open files            ${soft.padEnd(20)} 1048576              files     \n`;

test('a quarter of the soft limit on open files, between 512 and 8192', () => {
  expect(openFilesBudget(limits('20000'))).toBe(5000);
  expect(openFilesBudget(limits('1024'))).toBe(512);
  expect(openFilesBudget(limits('1048576'))).toBe(8192);
  expect(openFilesBudget(limits('unlimited'))).toBe(8192);
});

test('512 where the limit cannot be read', () => {
  expect(openFilesBudget('')).toBe(512);
  expect(openFilesBudget('Max processes 100 100 processes')).toBe(512);
});
