// natural ships no declaration for this file; we import it directly because natural's index (and
// its util index) load its storage back-ends, which call dotenv and print to the console.
declare module 'natural/lib/natural/util/stopwords' {
  export const words: string[];
}
