// The function bundle as a deterministic zip: the same sources give the same bytes, so an unchanged
// function is never uploaded again. The writer is the package stage's (src/pipeline).
import { writeZip } from '../pipeline/index.js';

/** Zips `files` (path -> content). */
export function zipFiles(files: Record<string, Buffer>): Buffer {
  return writeZip(Object.entries(files).map(([path, content]) => ({ path, content })));
}
