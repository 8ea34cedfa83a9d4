/**
 * Indented `at …` lines are stack frames of the JVM (Throwable.printStackTrace: `\tat
 * pkg.Class.method(File.java:12)`, `(Unknown Source)`, `(Native Method)`) and of V8 (Error.stack:
 * `    at fn (file.js:12:5)`, `    at file.js:12:5`, `    at async fn (…)`). A group of nothing but
 * such lines is a stack trace whose exception line is elsewhere (logged on the line before by a
 * logger that prints the stack apart, or cut off where an excerpt begins).
 */
export function isAtFrameLine(text: string): boolean {
  let i = 0;
  while (i < 16 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i === 0 || text.charCodeAt(i) !== 97 || text.charCodeAt(i + 1) !== 116 || text.charCodeAt(i + 2) !== 32) return false;
  const last = text.charCodeAt(text.length - 1);
  if (last === 41) return text.indexOf('(', i + 3) > i + 3; // `)`: a frame with its location in parentheses
  // logback's and JBoss's packaging data after the location: `at a.B.c(B.java:296) [lib.jar:3.0.8]`, `~[na:1.8.0]`.
  if (last === 93) {
    let open = text.lastIndexOf(' [', text.length - 2);
    if (open < 0) open = text.lastIndexOf(' ~[', text.length - 2);
    return open > i + 3 && text.charCodeAt(open - 1) === 41 && text.indexOf('(', i + 3) > i + 3;
  }
  // V8's anonymous frame: `at file.js:12:5`.
  let j = text.length - 1;
  while (j > i && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j--;
  if (j === text.length - 1 || text.charCodeAt(j) !== 58) return false;
  j--;
  const lineEnd = j;
  while (j > i && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j--;
  return j < lineEnd && text.charCodeAt(j) === 58;
}
