// A zip archive (a zipped Shapefile, an .xlsx) read under limits: the central directory is checked
// against the file's bounds, each entry's declared size against the limits, and the entries are
// inflated with a cap on the output (zlib stops as soon as it is crossed), because declared sizes lie.
import zlib from 'node:zlib';
import type { HttpError } from '../../errors.ts';
import { limitError, type UploadLimits } from './limits.ts';

/** `unreadable(message)`: the caller's error for a damaged archive (its route's status and code). */
export function readZip(buf: Buffer, limits: UploadLimits, unreadable: (message: string) => HttpError, what = '压缩包'): Map<string, Buffer> {
  if (buf.length < 22) throw unreadable(`${what}只有 ${buf.length} 字节，不是完整的 zip 文件`);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw unreadable(`${what}无法读取：找不到 zip 目录（文件不完整或不是 zip 文件）`);
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw unreadable(`${what}是 ZIP64 格式，不支持：请用普通 zip 压缩`);
  if (dirOffset + dirSize > eocd) throw unreadable(`${what}已损坏：zip 目录的位置（${dirOffset}）超出了文件末尾，文件可能未完整上传`);
  if (count > limits.maxEntries) throw limitError('UPLOAD_MAX_ENTRIES', `${what}中的文件数`, limits.maxEntries, count);

  // Pass 1: the directory, its declared sizes checked before anything is inflated.
  const entries: { name: string; method: number; compressed: number; size: number; local: number }[] = [];
  let declared = 0;
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw unreadable(`${what}的 zip 目录已损坏（第 ${i + 1} 项）`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, Math.min(p + 46 + nameLen, eocd)).toString('utf8');
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (name.endsWith('/') || name.includes('__MACOSX')) continue;
    if (flags & 1) throw unreadable(`${what}中的 ${name} 已加密：请上传未加密的文件`);
    if (method !== 0 && method !== 8) throw unreadable(`${what}中的 ${name} 使用了不支持的压缩方式（${method}）`);
    if (size > limits.maxEntryBytes) throw limitError('UPLOAD_MAX_ENTRY_MB', `${what}中 ${name} 解压后`, limits.maxEntryBytes, size, { bytes: true });
    declared += size;
    if (declared > limits.maxInflatedBytes) throw limitError('UPLOAD_MAX_INFLATED_MB', `${what}解压后`, limits.maxInflatedBytes, declared, { bytes: true, atLeast: true });
    entries.push({ name, method, compressed, size, local });
  }

  // Pass 2: inflate, counting the real bytes.
  const out = new Map<string, Buffer>();
  let total = 0;
  for (const e of entries) {
    if (e.local + 30 > buf.length || buf.readUInt32LE(e.local) !== 0x04034b50) throw unreadable(`${what}已损坏：${e.name} 的数据位置不对`);
    const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
    if (start + e.compressed > buf.length) throw unreadable(`${what}不完整：${e.name} 的数据被截断（文件可能未完整上传）`);
    const data = buf.subarray(start, start + e.compressed);
    const cap = Math.min(limits.maxEntryBytes, limits.maxInflatedBytes - total);
    let bytes: Buffer;
    if (e.method === 0) bytes = data;
    else {
      try {
        bytes = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, cap) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          // Which limit was crossed: the entry's own, or what is left of the total.
          if (cap === limits.maxEntryBytes) throw limitError('UPLOAD_MAX_ENTRY_MB', `${what}中 ${e.name} 解压后`, limits.maxEntryBytes, cap, { bytes: true, atLeast: true });
          throw limitError('UPLOAD_MAX_INFLATED_MB', `${what}解压后`, limits.maxInflatedBytes, limits.maxInflatedBytes, { bytes: true, atLeast: true });
        }
        throw unreadable(`${what}中的 ${e.name} 已损坏，无法解压（${(err as Error).message}）`);
      }
    }
    if (bytes.length > cap) throw limitError('UPLOAD_MAX_INFLATED_MB', `${what}解压后`, limits.maxInflatedBytes, total + bytes.length, { bytes: true, atLeast: true });
    if (bytes.length !== e.size) throw unreadable(`${what}已损坏：${e.name} 解压后 ${bytes.length} 字节，与目录记载的 ${e.size} 字节不符`);
    total += bytes.length;
    out.set(e.name, bytes);
  }
  return out;
}
