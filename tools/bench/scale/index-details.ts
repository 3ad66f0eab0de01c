/** The retrieval service's /health/ready index details. */
export async function indexDetails(url: string): Promise<{ documents?: number; chunks?: number; vectorIndex?: string }> {
  const report = (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.json())) as {
    details?: { index?: { documents?: number; chunks?: number; vectorIndex?: string } };
  };
  return report.details?.index ?? {};
}
