import { PGlite } from '@electric-sql/pglite';
let t=Date.now(); const db = new PGlite(); await db.query('select 1'); console.log('mem', Date.now()-t);
t=Date.now(); const d2 = new PGlite('/tmp/pgd'); await d2.query('select 1'); console.log('dir', Date.now()-t);
