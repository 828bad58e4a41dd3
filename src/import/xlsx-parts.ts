// Where things are inside an .xlsx: the workbook part (from the package relationships), its
// sheets in order with their names and parts, and the shared strings part. Small XML parts,
// read whole (each under a limit).
import path from 'node:path/posix';
import type { ZipArchive } from './zip-archive.js';
import { attr, parseXml } from './xml-stream.js';

/** workbook.xml and relationship parts: a few KB in real workbooks. */
const SMALL_PART = 16 << 20;

export interface SheetPart { name: string; part: string | undefined; chart: boolean }
export interface WorkbookParts { sheets: SheetPart[]; sharedStrings: string | undefined }

interface Rel { id: string; type: string; target: string }

export async function workbookParts(zip: ZipArchive): Promise<WorkbookParts> {
  const root = await rels(zip, '_rels/.rels');
  const wb = resolve('/', root.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml');
  const wbRels = await rels(zip, path.join(path.dirname(wb), '_rels', `${path.basename(wb)}.rels`));
  const byId = new Map(wbRels.map((r) => [r.id, r]));
  const sheets: SheetPart[] = [];
  let inSheets = false;
  await parseXml(zip.read(wb, SMALL_PART, 'workbook part'), zip.display, wb, {
    open(name, a) {
      if (name === 'sheets') inSheets = true;
      else if (inSheets && name === 'sheet') {
        const rel = byId.get(attr(a, 'id') ?? '');
        sheets.push({ name: a.name ?? `Sheet${sheets.length + 1}`, part: rel && resolve(path.dirname(wb), rel.target), chart: rel?.type.endsWith('/chartsheet') ?? false });
      }
    },
    close(name) { if (name === 'sheets') inSheets = false; },
    text() {},
  });
  const sst = wbRels.find((r) => r.type.endsWith('/sharedStrings'));
  const fallback = path.join(path.dirname(wb), 'sharedStrings.xml');
  return { sheets, sharedStrings: sst ? resolve(path.dirname(wb), sst.target) : zip.has(fallback) ? fallback : undefined };
}

async function rels(zip: ZipArchive, part: string): Promise<Rel[]> {
  if (!zip.has(part)) return [];
  const out: Rel[] = [];
  await parseXml(zip.read(part, SMALL_PART, 'relationships part'), zip.display, part, {
    open(name, a) {
      if (name === 'Relationship' && a.TargetMode !== 'External') out.push({ id: a.Id ?? '', type: a.Type ?? '', target: a.Target ?? '' });
    },
    close() {},
    text() {},
  });
  return out;
}

/** A relationship target as a part name: relative to the source's folder, or absolute from the package root. */
function resolve(dir: string, target: string): string {
  const full = target.startsWith('/') ? target : path.join(dir, target);
  return path.normalize(full).replace(/^\/+/, '');
}
