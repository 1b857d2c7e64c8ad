/**
 * Fleiss' kappa (Fleiss 1971) for many raters, as statsmodels' `fleiss_kappa(table, method='fleiss')`:
 *
 *   p_j = Σ_i n_ij / (N·n)                  share of all ratings in category j
 *   P_i = (Σ_j n_ij² − n) / (n·(n − 1))     agreeing rater pairs on subject i
 *   κ  = (mean P_i − Σ_j p_j²) / (1 − Σ_j p_j²)
 *
 * where N subjects are each rated by the same n ≥ 2 raters.
 */

/**
 * Fleiss' kappa of a subjects × categories count table (`counts[i][j]` raters put subject i in category j;
 * every row sums to the same number of raters). NaN when undefined: all ratings fall in one category.
 *
 * @example fleissKappa([[2, 0], [0, 2], [1, 1]]) // 0.3333…
 */
export function fleissKappa(counts: readonly (readonly number[])[]): number {
  const subjects = counts.length;
  if (subjects === 0) throw new RangeError('fleissKappa: the table has no subjects (rows)');
  const categories = counts[0]?.length ?? 0;
  if (categories === 0) throw new RangeError('fleissKappa: the table has no categories (columns)');

  let raters = -1;
  const categoryTotals = new Array<number>(categories).fill(0);
  let agreementSum = 0;
  counts.forEach((row, i) => {
    if (row.length !== categories) {
      throw new RangeError(`fleissKappa: row ${i} has ${row.length} categories, row 0 has ${categories}; the table must be rectangular`);
    }
    let rowTotal = 0;
    let squares = 0;
    row.forEach((count, j) => {
      if (!Number.isInteger(count) || count < 0) {
        throw new RangeError(`fleissKappa: counts[${i}][${j}] is ${count}; counts must be non-negative integers`);
      }
      rowTotal += count;
      squares += count * count;
      categoryTotals[j] = (categoryTotals[j] as number) + count;
    });
    if (raters === -1) raters = rowTotal;
    if (rowTotal !== raters) {
      throw new RangeError(`fleissKappa: row ${i} sums to ${rowTotal} raters, row 0 to ${raters}; every subject needs the same number of raters`);
    }
    agreementSum += squares;
  });
  if (raters < 2) throw new RangeError(`fleissKappa: each subject has ${raters} rating(s); agreement needs at least 2 raters`);

  const ratings = subjects * raters;
  const meanAgreement = (agreementSum - ratings) / (ratings * (raters - 1));
  const expected = categoryTotals.reduce((s, total) => s + (total / ratings) ** 2, 0);
  // expected = 1 ⇔ one category got every rating: agreement is perfect but kappa is 0/0.
  if (expected === 1) return Number.NaN;
  return (meanAgreement - expected) / (1 - expected);
}
