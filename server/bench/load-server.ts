export {};
// The real server (index.ts) for the load benchmark, answering its parent's 'memory' message with
// process.memoryUsage() after a full collection (the process runs with --expose-gc).
process.on('message', (m) => {
  if (m !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.(process.memoryUsage());
});
await import('../src/index.ts');
