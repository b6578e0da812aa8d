// The CodeCommit form of the source: the tree of one commit, read file by file through CodeCommit's
// API (the function has no git). A bound on files keeps a wrong folder from reading a monorepo.
export interface CodeCommitPort {
  folder(repository: string, commit: string, path: string): Promise<{ files: { path: string; blobId: string }[]; folders: string[] }>;
  blob(repository: string, blobId: string): Promise<Buffer>;
  author(repository: string, commit: string): Promise<{ name: string; email: string }>;
}

const MAX_FILES = 5_000;

/** Every file of `commit`, by `/`-separated path. */
export async function readCommitTree(port: CodeCommitPort, repository: string, commit: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const pending = ['/'];
  while (pending.length > 0) {
    const path = pending.pop() as string;
    const listing = await port.folder(repository, commit, path);
    pending.push(...listing.folders);
    for (const f of listing.files) {
      if (files.size >= MAX_FILES) throw new Error(`commit ${commit} of ${repository} has more than ${MAX_FILES} files`);
      files.set(f.path.replace(/^\/+/, ''), await port.blob(repository, f.blobId));
    }
  }
  return files;
}
