import { isWithinScope } from '@sinergi/shared';
import type { RegionRow } from './repository.ts';
import { compactRegionName, normaliseRegionName } from './search-terms.ts';

/**
 * Typo-tolerant region search in memory. The 91k regions are static reference data (loaded once from
 * idn-area-data), and trigram matching over all of them in PostgreSQL costs 10–50 ms of CPU per query
 * (the posting lists of common trigrams such as "ung" run to tens of thousands), which the search goal
 * of the bench (p99 ≤ 30 ms) cannot afford. Here the same scores take a fraction of a millisecond.
 * Each API process builds its own copy from the database on first use; nothing is shared or written.
 *
 * Scores follow pg_trgm: trigrams of each word padded "  word ", similarity = shared / union of the
 * trigram sets, and a word similarity = the best similarity of the query with a run of whole words of
 * the name (pg_trgm's strict_word_similarity), so "jambi" finds "KOTA JAMBI" but "bangi" does not
 * find "BANYUWANGI".
 */

export interface SearchableRegion extends RegionRow {
  search_name: string;
  compact_name: string;
}

export interface RegionSearchIndex {
  search: (text: string, scopeCode: string, limit: number) => Array<RegionRow & { score: number }>;
}

const SIMILARITY_THRESHOLD = 0.3; // pg_trgm.similarity_threshold
const WORD_SIMILARITY_THRESHOLD = 0.5; // pg_trgm.strict_word_similarity_threshold

export function trigrams(text: string): string[] {
  const found = new Set<string>();
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (!word) continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i += 1) found.add(padded.slice(i, i + 3));
  }
  return [...found];
}

/** Trigram ids shared by both indexes, so one "is it in the query" array serves for both. */
class Vocabulary {
  private readonly ids = new Map<string, number>();
  get size(): number {
    return this.ids.size;
  }
  add(trigram: string): number {
    let id = this.ids.get(trigram);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(trigram, id);
    }
    return id;
  }
  find(trigram: string): number | undefined {
    return this.ids.get(trigram);
  }
}

/** trigram id -> rows holding it, every posting list in one Int32Array. */
class PostingLists {
  private readonly offsets: Int32Array;
  private readonly postings: Int32Array;
  /** Distinct trigrams per row, for the union in the similarity. */
  readonly sizes: Uint16Array;

  constructor(perRow: number[][], vocabularySize: number) {
    const counts = new Int32Array(vocabularySize + 1);
    for (const row of perRow) for (const id of row) counts[id + 1] = (counts[id + 1] ?? 0) + 1;
    this.offsets = new Int32Array(vocabularySize + 1);
    for (let i = 1; i <= vocabularySize; i += 1)
      this.offsets[i] = (this.offsets[i - 1] ?? 0) + (counts[i] ?? 0);
    this.postings = new Int32Array(this.offsets[vocabularySize] ?? 0);
    const fill = this.offsets.slice(0, vocabularySize);
    this.sizes = new Uint16Array(perRow.length);
    perRow.forEach((row, r) => {
      this.sizes[r] = row.length;
      for (const id of row) {
        const at = fill[id] ?? 0;
        this.postings[at] = r;
        fill[id] = at + 1;
      }
    });
  }

  /** How many rows hold a trigram. */
  length(id: number): number {
    return (this.offsets[id + 1] ?? 0) - (this.offsets[id] ?? 0);
  }

  /**
   * Counts the query trigrams each row holds into `hits`. Sorted rarest first, a row can only reach
   * `needed` hits if it holds one of the first (count - needed + 1) trigrams: those lists bring in new
   * rows (marked and appended to `touched` from `length` on); the common ones, whose lists run to tens
   * of thousands of rows, only add to rows already in (countAdmitted). Returns the new length of `touched` and those common trigrams.
   */
  count(
    query: number[],
    needed: number,
    hits: Uint16Array,
    marked: Uint8Array,
    touched: Int32Array,
    length: number,
  ): { length: number; common: number[] } {
    const sorted = [...query].sort((x, y) => this.length(x) - this.length(y));
    const admitting = Math.max(0, sorted.length - needed + 1);
    let next = length;
    for (const id of sorted.slice(0, admitting)) {
      const end = this.offsets[id + 1] ?? 0;
      for (let i = this.offsets[id] ?? 0; i < end; i += 1) {
        const row = this.postings[i] ?? 0;
        if (!marked[row]) {
          marked[row] = 1;
          touched[next++] = row;
        }
        hits[row] = (hits[row] ?? 0) + 1;
      }
    }
    return { length: next, common: sorted.slice(admitting) };
  }

  /** Adds the hits of common trigrams, to rows already admitted only. */
  countAdmitted(common: number[], hits: Uint16Array, marked: Uint8Array): void {
    for (const id of common) {
      const end = this.offsets[id + 1] ?? 0;
      for (let i = this.offsets[id] ?? 0; i < end; i += 1) {
        const row = this.postings[i] ?? 0;
        if (marked[row]) hits[row] = (hits[row] ?? 0) + 1;
      }
    }
  }
}

interface Candidate {
  row: number;
  score: number;
  exactness: number;
}

/** Builds the index; it yields to the event loop as it goes, so requests are served meanwhile. */
export async function buildRegionSearchIndex(regions: SearchableRegion[]): Promise<RegionSearchIndex> {
  const vocabulary = new Vocabulary();
  // Words repeat across the country (some 48k distinct ones in 91k names): each is broken up once.
  const wordIds = new Map<string, number[]>();
  const idsOfWord = (word: string): number[] => {
    let ids = wordIds.get(word);
    if (!ids) {
      ids = trigrams(word).map((t) => vocabulary.add(t));
      wordIds.set(word, ids);
    }
    return ids;
  };

  // Per row: its words' trigram ids, flat, with word boundaries, for the word similarity. The trigrams
  // of a whole name are those of its words together, as pg_trgm pads every word on its own.
  const wordStarts: number[] = [];
  const rowWords = new Int32Array(regions.length + 1);
  const wordTrigrams: number[] = [];
  const nameRows: number[][] = [];
  const compactRows: number[][] = [];
  for (const [r, region] of regions.entries()) {
    if (r % 4096 === 0) await new Promise((resolve) => setImmediate(resolve));
    const nameIds = new Set<number>();
    for (const word of region.search_name.split(' ')) {
      if (!word) continue;
      wordStarts.push(wordTrigrams.length);
      for (const id of idsOfWord(word)) {
        wordTrigrams.push(id);
        nameIds.add(id);
      }
    }
    rowWords[r + 1] = wordStarts.length;
    nameRows.push([...nameIds]);
    compactRows.push(idsOfWord(region.compact_name));
  }
  wordStarts.push(wordTrigrams.length);
  const starts = Int32Array.from(wordStarts);
  const flatWords = Int32Array.from(wordTrigrams);
  const byName = new PostingLists(nameRows, vocabulary.size);
  const byCompact = new PostingLists(compactRows, vocabulary.size);

  // Scratch space, reused: a search runs synchronously, so no two searches share it at once.
  const nameHits = new Uint16Array(regions.length);
  const compactHits = new Uint16Array(regions.length);
  const marked = new Uint8Array(regions.length);
  const touched = new Int32Array(regions.length);
  const inQuery = new Uint8Array(vocabulary.size);

  /** Best similarity of the query with a run of consecutive whole words of the row's name. */
  const inWindow = new Uint8Array(vocabulary.size);
  const wordSimilarity = (row: number, querySize: number): number => {
    let best = 0;
    const first = rowWords[row] ?? 0;
    const last = rowWords[row + 1] ?? 0;
    for (let i = first; i < last; i += 1) {
      // Grow the run word by word; a trigram found in two of its words counts once, as in pg_trgm.
      let shared = 0;
      let size = 0;
      for (let j = i; j < last; j += 1) {
        const end = starts[j + 1] ?? 0;
        for (let k = starts[j] ?? 0; k < end; k += 1) {
          const id = flatWords[k] ?? 0;
          if (inWindow[id]) continue;
          inWindow[id] = 1;
          size += 1;
          shared += inQuery[id] ?? 0;
        }
        const similarity = shared / (size + querySize - shared);
        if (similarity > best) best = similarity;
      }
      for (let k = starts[i] ?? 0; k < (starts[last] ?? 0); k += 1) inWindow[flatWords[k] ?? 0] = 0;
    }
    return best;
  };

  /** Best first; among equals the closer whole-name match, then the higher level, then by name. */
  const before = (a: Candidate, b: Candidate): boolean => {
    if (a.score !== b.score) return a.score > b.score;
    if (a.exactness !== b.exactness) return a.exactness > b.exactness;
    const ra = regions[a.row];
    const rb = regions[b.row];
    if (!ra || !rb || ra.level !== rb.level) return (ra?.level ?? 0) < (rb?.level ?? 0);
    return ra.name < rb.name;
  };

  return {
    search(text, scopeCode, limit) {
      const known = (list: string[]) => list.flatMap((t) => vocabulary.find(t) ?? []);
      const nameTrigrams = trigrams(normaliseRegionName(text));
      const compactTrigrams = trigrams(compactRegionName(text));
      if (compactTrigrams.length === 0) return [];
      const queryName = known(nameTrigrams);
      const queryCompact = known(compactTrigrams);
      const m = nameTrigrams.length;
      const mc = compactTrigrams.length;

      // No similarity can reach the threshold with fewer shared trigrams than this.
      const needed = (size: number) => Math.max(1, Math.ceil(SIMILARITY_THRESHOLD * size - 1e-9));
      const names = byName.count(queryName, needed(m), nameHits, marked, touched, 0);
      const compacts = byCompact.count(queryCompact, needed(mc), compactHits, marked, touched, names.length);
      byName.countAdmitted(names.common, nameHits, marked);
      byCompact.countAdmitted(compacts.common, compactHits, marked);
      const touchedCount = compacts.length;
      for (const id of queryName) inQuery[id] = 1;

      // The best `limit` so far, sorted; a row that cannot beat the last one costs a few operations.
      const top: Candidate[] = [];
      for (let t = 0; t < touchedCount; t += 1) {
        const row = touched[t] ?? 0;
        const n = nameHits[row] ?? 0;
        const c = compactHits[row] ?? 0;
        // Shared / query trigrams bounds every similarity of the row: most rows end here.
        const bound = Math.max(m ? n / m : 0, c / mc);
        const worst = top.length >= limit ? top[top.length - 1] : undefined;
        if (bound < SIMILARITY_THRESHOLD || (worst && bound < worst.score)) continue;
        const nameSimilarity = n / ((byName.sizes[row] ?? 0) + m - n);
        const compactSimilarity = c / ((byCompact.sizes[row] ?? 0) + mc - c);
        const words = m && n / m >= WORD_SIMILARITY_THRESHOLD ? wordSimilarity(row, m) : 0;
        if (
          nameSimilarity < SIMILARITY_THRESHOLD &&
          compactSimilarity < SIMILARITY_THRESHOLD &&
          words < WORD_SIMILARITY_THRESHOLD
        )
          continue;
        const candidate: Candidate = {
          row,
          score: Math.max(nameSimilarity, compactSimilarity, words),
          exactness: Math.max(nameSimilarity, compactSimilarity),
        };
        if (worst && !before(candidate, worst)) continue;
        if (!isWithinScope(regions[row]?.code ?? '', scopeCode)) continue;
        let at = top.length;
        while (at > 0 && before(candidate, top[at - 1] as Candidate)) at -= 1;
        top.splice(at, 0, candidate);
        if (top.length > limit) top.pop();
      }
      for (let t = 0; t < touchedCount; t += 1) {
        const row = touched[t] ?? 0;
        nameHits[row] = 0;
        compactHits[row] = 0;
        marked[row] = 0;
      }
      for (const id of queryName) inQuery[id] = 0;

      return top.flatMap(({ row, score }) => {
        const r = regions[row];
        return r
          ? [
              {
                code: r.code,
                name: r.name,
                level: r.level,
                parent_code: r.parent_code,
                timezone: r.timezone,
                score,
              },
            ]
          : [];
      });
    },
  };
}
