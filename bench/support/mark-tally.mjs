// What the scorers that compare logsift with hand marks count per line (real-world-packs.mjs,
// loghub-relevance.mjs): events told and found, signals and noise marked and found.

export const emptyTally = () => ({ lines: 0, events: 0, predicted: 0, correct: 0, signals: 0, signalHit: 0, signalNoise: 0, flagged: 0, noise: 0, noiseHit: 0 });

/** Adds one line, marked `mark` ({ relevance, event }) and decided `got`, to `tally`. */
export function countLine(tally, mark, got) {
  tally.lines++;
  if (mark.event) tally.events++;
  if (got.event) tally.predicted++;
  if (got.event && got.event === mark.event) tally.correct++;
  if (got.relevance === 'signal') tally.flagged++;
  if (mark.relevance === 'signal') {
    tally.signals++;
    if (got.relevance === 'signal') tally.signalHit++;
    if (got.relevance === 'noise') tally.signalNoise++;
  }
  if (mark.relevance === 'noise') {
    tally.noise++;
    if (got.relevance === 'noise') tally.noiseHit++;
  }
}

/** A mark and a decision that differ in relevance or event. */
export const differs = (mark, got) => mark.relevance !== got.relevance || (mark.event ?? '-') !== (got.event ?? '-');
