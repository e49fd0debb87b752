/** Minimal typings for the `stopword` package (its lists are plain string arrays). */
declare module 'stopword' {
  export const fra: string[];
  export const eng: string[];
}
