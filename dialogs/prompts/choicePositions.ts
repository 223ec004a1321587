import { Culture, NumberRecognizer } from '@microsoft/recognizers-text-number';

type NumberModel = ReturnType<NumberRecognizer['getNumberModel']>;

let models: { ordinal: NumberModel; number: NumberModel } | undefined;

/**
 * botbuilder's English ordinal and number models, built on first use and kept: botbuilder-dialogs'
 * recognizeChoices builds a recogniser with every number model afresh on each call, which costs about
 * as much again as reading the text.
 */
function englishModels(): { ordinal: NumberModel; number: NumberModel } {
  if (!models) {
    const recognizer = new NumberRecognizer(Culture.English);
    models = { ordinal: recognizer.getOrdinalModel(), number: recognizer.getNumberModel() };
  }
  return models;
}

/**
 * The position in a list of `count` a text names by ordinal ("the second one") or else by number
 * ("number 2"), as recognizeChoices finds it after no choice's words matched: the first such mention
 * in the text that is within the list, counted from 0; undefined when there is none.
 */
export function namedPosition(text: string, count: number): number | undefined {
  const { ordinal, number } = englishModels();
  for (const model of [ordinal, number]) {
    const inList = model
      .parse(text)
      .map((found) => ({ start: found.start, index: parseInt(String(found.resolution?.value), 10) - 1 }))
      .filter(({ index }) => index >= 0 && index < count)
      .sort((a, b) => a.start - b.start);
    if (inList.length) return inList[0].index;
  }
  return undefined;
}
