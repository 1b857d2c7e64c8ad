/**
 * The tables of GB/T 2828.1-2012, which is identical to ISO 2859-1:1999 ("Sampling procedures for inspection
 * by attributes — Part 1: Sampling schemes indexed by acceptance quality limit (AQL) for lot-by-lot
 * inspection"), for single sampling:
 *
 * - Table 1: sample size code letter from the lot size and the inspection level;
 * - Tables 2-A (normal), 2-B (tightened) and 2-C (reduced): code letter × AQL → sample size, Ac, Re.
 *
 * Plans are written the way the printed tables are read: one row per code letter, one cell per AQL column.
 * A cell is either the acceptance number Ac of a plan, or an arrow: "↓" = use the first plan below the arrow,
 * "↑" = use the first plan above it — and, per the tables' footnote, use *that* plan's sample size. "-" marks
 * a blank cell (only in row S of Table 2-B). Every single sampling plan of the 1999 edition has Re = Ac + 1
 * (that edition removed the gap between Ac and Re that MIL-STD-105E's reduced plans had), so only Ac is
 * stored.
 *
 * Sources and cross-checks (details in docs/quality/workflow-core.md): the values were transcribed from a
 * public GB/T 2828.1-2012 transcription and compared cell by cell with the MIL-STD-105E / ANSI/ASQ Z1.4
 * tables of the R package AQLSchemes (J. Lawson, CRAN 1.7-2): Table 1 and Table 2-A agree everywhere; Table
 * 2-B agrees except one cell (code A, AQL 10: Ac 0 with n = 2 here, "↓" to code D in AQLSchemes); Table 2-C
 * has the same sample sizes and each plan lies inside MIL-STD-105E's Ac…Re gap, as the 1999 edition's
 * foreword describes.
 */

/** Inspection levels of Table 1: special levels S-1 … S-4 (small samples) and general levels I, II, III. */
export type InspectionLevel = 'S-1' | 'S-2' | 'S-3' | 'S-4' | 'I' | 'II' | 'III';

/** Inspection severity: which of Tables 2-A, 2-B, 2-C applies. */
export type InspectionSeverity = 'normal' | 'tightened' | 'reduced';

/** Sample size code letters of Table 1 (I and O are not used). */
export type CodeLetter = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'J' | 'K' | 'L' | 'M' | 'N' | 'P' | 'Q' | 'R';

/** A row of Tables 2-A/2-B/2-C; S (n = 3150) exists only in Table 2-B. */
export type PlanCodeLetter = CodeLetter | 'S';

export const INSPECTION_LEVELS: readonly InspectionLevel[] = ['S-1', 'S-2', 'S-3', 'S-4', 'I', 'II', 'III'];

export const CODE_LETTERS: readonly CodeLetter[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R'];

/**
 * The preferred AQLs, the columns of Tables 2-A/2-B/2-C, in percent nonconforming (up to 10) or in
 * nonconformities per 100 items (all of them). Ordered from tightest to loosest, so "one step tighter" is
 * the previous entry.
 */
export const AQL_VALUES: readonly number[] = [
  0.01, 0.015, 0.025, 0.04, 0.065, 0.1, 0.15, 0.25, 0.4, 0.65, 1, 1.5, 2.5, 4, 6.5, 10, 15, 25, 40, 65, 100, 150, 250, 400, 650, 1000,
];

/** The largest AQL that may be given in percent nonconforming (ISO 2859-1 §5.2). */
export const MAX_PERCENT_NONCONFORMING_AQL = 10;

/**
 * Table 1, one row per lot-size range: [smallest lot size of the range, code letters for S-1, S-2, S-3,
 * S-4, I, II, III]. The last range is open-ended (500 001 and over).
 */
const TABLE_1: readonly (readonly [number, string])[] = [
  [2, 'A A A A A A B'],
  [9, 'A A A A A B C'],
  [16, 'A A B B B C D'],
  [26, 'A B B C C D E'],
  [51, 'B B C C C E F'],
  [91, 'B B C D D F G'],
  [151, 'B C D E E G H'],
  [281, 'B C D E F H J'],
  [501, 'C C E F G J K'],
  [1201, 'C D E G H K L'],
  [3201, 'C D F G J L M'],
  [10001, 'C D F H K M N'],
  [35001, 'D E G J L N P'],
  [150001, 'D E G J M P Q'],
  [500001, 'D E H K N Q R'],
];

/**
 * The code letter of Table 1. A lot of a single item (below the table's first range, 2–8) is read in the
 * first range: every plan then samples the whole lot anyway.
 */
export function codeLetterFor(lotSize: number, level: InspectionLevel): CodeLetter {
  const column = INSPECTION_LEVELS.indexOf(level);
  let row = TABLE_1[0] as readonly [number, string];
  for (const candidate of TABLE_1) if (lotSize >= candidate[0]) row = candidate;
  return row[1].split(' ')[column] as CodeLetter;
}

/** Sample size of each row of Tables 2-A and 2-B (S only in 2-B). */
const NORMAL_SAMPLE_SIZES: Readonly<Record<PlanCodeLetter, number>> = {
  A: 2, B: 3, C: 5, D: 8, E: 13, F: 20, G: 32, H: 50, J: 80, K: 125, L: 200, M: 315, N: 500, P: 800, Q: 1250, R: 2000, S: 3150,
};

/** Sample size of each row of Table 2-C (reduced inspection samples about 40 % of normal). */
const REDUCED_SAMPLE_SIZES: Readonly<Record<CodeLetter, number>> = {
  A: 2, B: 2, C: 2, D: 3, E: 5, F: 8, G: 13, H: 20, J: 32, K: 50, L: 80, M: 125, N: 200, P: 315, Q: 500, R: 800,
};

/** Table 2-A, single sampling plans for normal inspection. */
const TABLE_2A: Readonly<Record<CodeLetter, string>> = {
  // 26 cells per row, one per AQL column: 0.010 0.015 0.025 0.040 0.065 0.10 0.15 0.25 0.40 0.65 1.0 1.5 2.5 4.0 6.5 | 10 15 25 40 65 100 150 250 400 650 1000
  A: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  7 10 14 21 30',
  B: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  1  2  3  5  7 10 14 21 30 44',
  C: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  1  2  3  5  7 10 14 21 30 44  ↑',
  D: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  1  2  3  5  7 10 14 21 30 44  ↑  ↑',
  E: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  1  2  3  5  7 10 14 21 30 44  ↑  ↑  ↑',
  F: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  1  2  3  5  7 10 14 21  ↑  ↑  ↑  ↑  ↑  ↑',
  G: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  1  2  3  5  7 10 14 21  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  H: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  1  2  3  5  7 10 14 21  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  J: ' ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  1  2  3  5  7 10 14 21  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  K: ' ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  1  2  3  5  7 10 14 21  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  L: ' ↓  ↓  ↓  ↓  0  ↑  ↓  1  2  3  5  7 10 14 21  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  M: ' ↓  ↓  ↓  0  ↑  ↓  1  2  3  5  7 10 14 21  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  N: ' ↓  ↓  0  ↑  ↓  1  2  3  5  7 10 14 21  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  P: ' ↓  0  ↑  ↓  1  2  3  5  7 10 14 21  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  Q: ' 0  ↑  ↓  1  2  3  5  7 10 14 21  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  R: ' ↑  ↑  1  2  3  5  7 10 14 21  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
};

/** Table 2-B, single sampling plans for tightened inspection. */
const TABLE_2B: Readonly<Record<PlanCodeLetter, string>> = {
  // 26 cells per row, one per AQL column: 0.010 0.015 0.025 0.040 0.065 0.10 0.15 0.25 0.40 0.65 1.0 1.5 2.5 4.0 6.5 | 10 15 25 40 65 100 150 250 400 650 1000
  A: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18 27',
  B: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18 27 41',
  C: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18 27 41  ↑',
  D: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18 27 41  ↑  ↑',
  E: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18 27 41  ↑  ↑  ↑',
  F: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18  ↑  ↑  ↑  ↑  ↑  ↑',
  G: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  H: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  J: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  K: ' ↓  ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  L: ' ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  M: ' ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  N: ' ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  P: ' ↓  ↓  0  ↓  ↓  1  2  3  5  8 12 18  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  Q: ' ↓  0  ↓  ↓  1  2  3  5  8 12 18  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  R: ' 0  ↑  ↓  1  2  3  5  8 12 18  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  S: ' -  -  1  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -',
};

/** Table 2-C, single sampling plans for reduced inspection. */
const TABLE_2C: Readonly<Record<CodeLetter, string>> = {
  // 26 cells per row, one per AQL column: 0.010 0.015 0.025 0.040 0.065 0.10 0.15 0.25 0.40 0.65 1.0 1.5 2.5 4.0 6.5 | 10 15 25 40 65 100 150 250 400 650 1000
  A: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↓  ↓  1  2  3  5  7 10 14 21 30',
  B: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  ↓  1  2  3  5  7 10 14 21 30',
  C: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  ↓  1  2  3  5  6  8 10 14 21  ↑',
  D: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  ↓  1  2  3  5  6  8 10 14 21  ↑  ↑',
  E: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  ↓  1  2  3  5  6  8 10 14 21  ↑  ↑  ↑',
  F: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  ↓  1  2  3  5  6  8 10  ↑  ↑  ↑  ↑  ↑  ↑',
  G: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  ↓  1  2  3  5  6  8 10  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  H: ' ↓  ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  ↓  1  2  3  5  6  8 10  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  J: ' ↓  ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  ↓  1  2  3  5  6  8 10  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  K: ' ↓  ↓  ↓  ↓  ↓  0  ↑  ↓  ↓  1  2  3  5  6  8 10  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  L: ' ↓  ↓  ↓  ↓  0  ↑  ↓  ↓  1  2  3  5  6  8 10  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  M: ' ↓  ↓  ↓  0  ↑  ↓  ↓  1  2  3  5  6  8 10  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  N: ' ↓  ↓  0  ↑  ↓  ↓  1  2  3  5  6  8 10  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  P: ' ↓  0  ↑  ↓  ↓  1  2  3  5  6  8 10  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  Q: ' 0  ↑  ↑  ↓  1  2  3  5  6  8 10  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
  R: ' ↑  ↑  ↑  1  2  3  5  6  8 10  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑  ↑',
};

/** A raw cell of Table 2: an acceptance number, an arrow, or blank ('-'). */
export type MasterTableCell = number | '↓' | '↑' | '-';

function parseTable(table: Readonly<Record<string, string>>): Map<string, MasterTableCell[]> {
  const rows = new Map<string, MasterTableCell[]>();
  for (const [letter, row] of Object.entries(table)) {
    rows.set(
      letter,
      row.trim().split(/ +/u).map((token): MasterTableCell => (token === '↓' || token === '↑' || token === '-' ? token : Number(token))),
    );
  }
  return rows;
}

const TABLES: Readonly<Record<InspectionSeverity, { rows: Map<string, MasterTableCell[]>; order: readonly PlanCodeLetter[]; sizes: Readonly<Partial<Record<PlanCodeLetter, number>>> }>> = {
  normal: { rows: parseTable(TABLE_2A), order: CODE_LETTERS, sizes: NORMAL_SAMPLE_SIZES },
  tightened: { rows: parseTable(TABLE_2B), order: [...CODE_LETTERS, 'S'], sizes: NORMAL_SAMPLE_SIZES },
  reduced: { rows: parseTable(TABLE_2C), order: CODE_LETTERS, sizes: REDUCED_SAMPLE_SIZES },
};

/** What a cell of Table 2-A/2-B/2-C says after following its arrow. */
export interface MasterTablePlan {
  /** The row whose plan is used: the code letter itself, or the one the arrow leads to. */
  planCodeLetter: PlanCodeLetter;
  /** That row's sample size n. */
  sampleSize: number;
  /** Acceptance number Ac: accept the lot when the sample has at most Ac nonconforming items / nonconformities. */
  accept: number;
  /** Rejection number Re = Ac + 1. */
  reject: number;
}

/** The raw cell (Ac, an arrow, or blank) of a table, for tests and documentation. */
export function masterTableCell(severity: InspectionSeverity, row: PlanCodeLetter, aqlIndex: number): MasterTableCell | undefined {
  return TABLES[severity].rows.get(row)?.[aqlIndex];
}

/**
 * Reads Table 2-A, 2-B or 2-C at (code letter, AQL column), following arrows: "↓" moves down and "↑" up the
 * column, one row at a time, until a cell holds a plan, whose row (and so sample size) is then used.
 */
export function masterTablePlan(severity: InspectionSeverity, codeLetter: PlanCodeLetter, aqlIndex: number): MasterTablePlan {
  const { rows, order, sizes } = TABLES[severity];
  let position = order.indexOf(codeLetter);
  for (;;) {
    const letter = order[position];
    const cell = letter === undefined ? undefined : rows.get(letter)?.[aqlIndex];
    if (letter === undefined || cell === undefined || cell === '-') {
      // Unreachable for the tables above (a test walks every cell); kept so a bad edit fails loudly.
      throw new Error(`Table ${severity}: no plan reachable from code letter ${codeLetter} at AQL column ${aqlIndex}`);
    }
    if (typeof cell === 'number') return { planCodeLetter: letter, sampleSize: sizes[letter] as number, accept: cell, reject: cell + 1 };
    position += cell === '↓' ? 1 : -1;
  }
}
