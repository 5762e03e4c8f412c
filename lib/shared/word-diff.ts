// biome-ignore-all lint/style/noNonNullAssertion: every index is bounded by the loop that reads it
// A word-level diff of two prompt versions, for the library's diff view: the longest common
// subsequence of tokens, where a token is a run of letters/digits, a run of whitespace, one
// other symbol, or one Chinese/Japanese character (those scripts do not put spaces between
// words, so a character is the smallest unit a change can be shown at).

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

/** 2048 × 2048 tokens (16 MB of table): two fully different 2,000-character Chinese prompts still get a real diff. */
const MAX_TABLE_CELLS = 2048 * 2048;

const merged = (parts: DiffPart[]): DiffPart[] => parts.filter((p) => p.text !== "");

const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}_'’-]+|\s+|[^\s]/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/**
 * The parts that turn `before` into `after`, in order: kept text ("same"), text only in
 * `after` ("added") and text only in `before` ("removed"), adjacent parts of one kind merged.
 * Within a change, the removed part comes before the added one.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  // The common prefix and suffix are kept as they are: an edit touches a small part of a prompt,
  // so the quadratic table only spans the changed middle.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_TABLE_CELLS) {
    // Two long texts that share almost nothing: the table would take tens of MB for a diff that
    // would read as "all of it changed" anyway.
    return merged([
      { kind: "same", text: a.slice(0, start).join("") },
      { kind: "removed", text: midA.join("") },
      { kind: "added", text: midB.join("") },
      { kind: "same", text: a.slice(endA).join("") },
    ]);
  }
  // lcs[i * (m + 1) + j]: length of the LCS of midA[i..] and midB[j..].
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] =
        midA[i] === midB[j]
          ? lcs[(i + 1) * (m + 1) + j + 1]! + 1
          : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart["kind"], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  if (start > 0) push("same", a.slice(0, start).join(""));
  let i = 0;
  let j = 0;
  // Removed before added within a change, so "a b" → "a c" reads "a", −b, +c.
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed) push("removed", removed);
    if (added) push("added", added);
    removed = "";
    added = "";
  };
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      flush();
      push("same", midA[i]!);
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i * (m + 1) + j + 1]! >= lcs[(i + 1) * (m + 1) + j]!)) {
      added += midB[j]!;
      j++;
    } else {
      removed += midA[i]!;
      i++;
    }
  }
  flush();
  if (endA < a.length) push("same", a.slice(endA).join(""));
  return parts;
}
