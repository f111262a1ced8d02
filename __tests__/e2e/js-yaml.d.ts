// js-yaml ships no types; the harness needs only `load` (to read action.yml defaults as the runner does).
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
