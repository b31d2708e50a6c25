/**
 * "Did you mean" suggestions for unknown names.
 *
 * Ranking, case-insensitive and ignoring surrounding whitespace: candidates that start with the
 * input come first, then candidates that contain it, then candidates whose words the input's
 * words abbreviate in order ("priv auth admin" for "Privileged Authentication Administrator"),
 * then the rest. Inside each group, the closer word-by-word match wins (each input word against
 * the start of its best candidate word, by Levenshtein distance), then the smaller Levenshtein
 * distance of the whole strings, then alphabetical order. Candidates are few (about 120 roles),
 * so plain two-row Levenshtein is fast enough.
 */

/**
 * Returns up to `n` candidates closest to `input`, best first (see the module comment for the ranking).
 *
 * @param input the unknown value the user wrote
 * @param candidates the known values, in any order; duplicates are reported once
 * @param n how many suggestions to return (default 3)
 */
export function closestMatches(input: string, candidates: readonly string[], n = 3): string[] {
  // Levenshtein is quadratic: a pasted blob is no typo of a role name.
  if (input.length > 256) return [];
  const needle = input.trim().toLowerCase();
  const needleWords = words(needle);
  const scored = [...new Set(candidates)].map((candidate) => {
    const hay = candidate.toLowerCase();
    const hayWords = words(hay);
    let group = 3;
    if (needle !== "" && hay.startsWith(needle)) group = 0;
    else if (needle !== "" && hay.includes(needle)) group = 1;
    else if (abbreviates(needleWords, hayWords)) group = 2;
    return { candidate, group, wordDistance: wordDistance(needleWords, hayWords), distance: levenshtein(needle, hay) };
  });
  scored.sort(
    (a, b) =>
      a.group - b.group ||
      a.wordDistance - b.wordDistance ||
      a.distance - b.distance ||
      (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0),
  );
  return scored.slice(0, Math.max(0, n)).map((s) => s.candidate);
}

function words(text: string): string[] {
  return text.split(/[\s\-_.]+/).filter((w) => w !== "");
}

/** Every input word is a prefix of a candidate word, in order (each candidate word used once). */
function abbreviates(input: readonly string[], candidate: readonly string[]): boolean {
  if (input.length === 0) return false;
  let next = 0;
  for (const word of input) {
    while (next < candidate.length && !candidate[next].startsWith(word)) next++;
    if (next === candidate.length) return false;
    next++;
  }
  return true;
}

/** Sum, over the input words, of the distance to the start of the closest candidate word. */
function wordDistance(input: readonly string[], candidate: readonly string[]): number {
  let total = 0;
  for (const word of input) {
    let best = word.length;
    for (const other of candidate) best = Math.min(best, levenshtein(word, other.slice(0, word.length)));
    total += best;
  }
  return total;
}

/** Edit distance (insertions, deletions, substitutions of UTF-16 code units). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

/**
 * Formats the closest candidates as an error-message tail: `did you mean "A", "B" or "C"?`.
 * Returns an empty string when there is no candidate.
 */
export function didYouMean(input: string, candidates: readonly string[], n = 3): string {
  const quoted = closestMatches(input, candidates, n).map((c) => JSON.stringify(c));
  if (quoted.length === 0) return "";
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  return `did you mean ${list}?`;
}
