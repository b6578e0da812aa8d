// `--data DIR`: every StatefulService saved as JSON in DIR/state.json, S3 object bytes as files in
// DIR/objects/<sha256>. Saves are debounced after mutations and forced on stop; restored on start.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatefulService } from './contract.js';

const FORMAT = 1;
const DEBOUNCE_MS = 100;

export interface PersistedParts {
  services: Record<string, StatefulService>;
  /** Object bytes by SHA-256, and where restore reads them from. */
  blobs(): Map<string, Buffer>;
  setBlobReader(read: (sha256: string) => Buffer | undefined): void;
}

export class Persistence {
  private timer: NodeJS.Timeout | undefined;
  private readonly objectsDir: string;

  constructor(
    private readonly dir: string,
    private readonly parts: PersistedParts,
  ) {
    this.objectsDir = join(dir, 'objects');
  }

  /** Restores saved state, if any. */
  load(): void {
    const file = join(this.dir, 'state.json');
    if (!existsSync(file)) return;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { format: number; services: Record<string, unknown> };
    this.parts.setBlobReader((sha) => {
      const path = join(this.objectsDir, sha);
      return /^[0-9a-f]{64}$/.test(sha) && existsSync(path) ? readFileSync(path) : undefined;
    });
    for (const [name, service] of Object.entries(this.parts.services)) {
      if (name in saved.services) service.restore(saved.services[name]);
    }
  }

  /** Saves soon; many mutations in a burst cost one write. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, DEBOUNCE_MS);
  }

  /** Writes everything now: new object files first, then state.json atomically, then drops unreferenced files. */
  save(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    mkdirSync(this.objectsDir, { recursive: true });
    const blobs = this.parts.blobs();
    const present = new Set(readdirSync(this.objectsDir));
    for (const [sha, body] of blobs) {
      if (!present.has(sha)) writeFileSync(join(this.objectsDir, sha), body);
    }
    const services = Object.fromEntries(Object.entries(this.parts.services).map(([name, s]) => [name, s.snapshot()]));
    const tmp = join(this.dir, 'state.json.tmp');
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, services }));
    renameSync(tmp, join(this.dir, 'state.json'));
    for (const name of present) {
      if (!blobs.has(name)) rmSync(join(this.objectsDir, name), { force: true });
    }
  }

  /** Stops the pending debounced save (the caller saves explicitly on stop). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
