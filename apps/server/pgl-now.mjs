import { PGlite } from '@electric-sql/pglite';
const db = new PGlite();
console.log((await db.query('select now()::text as n')).rows);
const real = Date.now;
Date.now = () => real() - 10 * 86400000;
const RealDate = Date;
console.log((await db.query('select now()::text as n, clock_timestamp()::text as c')).rows);
