/** The retrieval service's resident memory, from its Prometheus endpoint (undefined if unreachable). */
export async function residentMemoryMb(retrievalUrl: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${retrievalUrl}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
    const value = /^eloquent_process_resident_memory_bytes(?:\{[^}]*\})? (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(text)?.[1];
    return value ? Number(value) / 1024 / 1024 : undefined;
  } catch {
    return undefined;
  }
}
