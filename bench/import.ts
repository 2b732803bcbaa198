// bench/import: generate a MARC file of N records, import it end to end (parse, map, store), on each engine.
// Usage: npm run bench:import -- [--records 100000] [--engine sqlite|postgres|both] [--smoke]
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDemoNetwork } from '../src/demo/demo-network.js';
import { writeIso2709 } from '../src/marc/iso2709-writer.js';
import { importFiles } from '../src/services/import.service.js';
import { freshDb, fmt, memorySampler, parseEngines } from './util.js';

const { values } = parseArgs({
  options: { records: { type: 'string' }, engine: { type: 'string' }, smoke: { type: 'boolean' }, file: { type: 'string' } },
});
const count = values.smoke ? 2000 : Number(values.records ?? 100000);
const engines = parseEngines(values.engine);

async function generate(n: number): Promise<string> {
  const dir = join(process.cwd(), 'bench', 'out');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `import-${n}.mrc`);
  const out = createWriteStream(file);
  const network = buildDemoNetwork({ recordCount: n, today: '2026-01-15' });
  for (const rec of network.records) if (!out.write(writeIso2709(rec))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return file;
}

const t0 = performance.now();
const file = values.file ?? (await generate(count));
console.log(`file: ${file} (${fmt(statSync(file).size / 1048576, 1)} MiB, generated in ${fmt((performance.now() - t0) / 1000, 1)} s)`);
for (const engine of engines) {
  const { db, cleanup } = await freshDb(engine);
  try {
    const mem = memorySampler();
    const start = performance.now();
    const report = await importFiles(db, [file]);
    const secs = (performance.now() - start) / 1000;
    const peak = mem.stop();
    console.log(
      `import ${engine.padEnd(8)} ${fmt(report.read)} records (created ${fmt(report.created)}, copies ${fmt(report.copies.created)}) ` +
        `in ${fmt(secs, 2)} s = ${fmt(report.read / secs)} records/s, peak RSS ${fmt(peak)} MiB`,
    );
    if (report.created !== count && !values.file) throw new Error(`expected ${count} records created, got ${report.created}`);
  } finally {
    await cleanup();
  }
}
