// Ids for a new corpus part that land in train or dev only: `pnpm corpus:ids PREFIX COUNT [START]`.
// Skips every id the fixed split would put in test, so the held-out test split keeps its items and its size.
import { corpusSplitOf } from '../libs/domain/src/classification';

const [prefix, count, start = '1'] = process.argv.slice(2);
if (!prefix || !/^[A-Za-z]+$/.test(prefix) || !(Number(count) > 0)) {
  console.error('usage: pnpm corpus:ids PREFIX COUNT [START]   (e.g. pnpm corpus:ids P 500)');
  process.exit(2);
}
const ids: string[] = [];
for (let n = Number(start); ids.length < Number(count); n++) {
  const id = `${prefix}${String(n).padStart(4, '0')}`;
  if (corpusSplitOf(id) !== 'test') ids.push(id);
}
console.log(ids.join('\n'));
