// A failure with its layer's error code (one of the ranges listed in codes.ts) and a reason for
// the log. Sticky: a parser keeps the first one (STYLE.md #5).
export class Failure {
  constructor(public code: i32, public reason: string) {}
}
