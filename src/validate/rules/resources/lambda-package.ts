// What a Lambda function's deployment package needs: a .zip package (S3 or inline) runs on a
// managed runtime, so Handler and Runtime are needed; a container image (PackageType Image) not.
import type { ResourceEntry } from '../template-walk.js';
import { isRecord } from '../template-walk.js';

/** True when the function is deployed from a .zip package (not a container image). */
export function isZipPackage(r: ResourceEntry): boolean {
  if (r.props.PackageType === 'Image') return false;
  const code = r.props.Code;
  return isRecord(code) && !('ImageUri' in code) && ('S3Bucket' in code || 'S3Key' in code || 'ZipFile' in code);
}
