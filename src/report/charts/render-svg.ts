// Vega-Lite spec → static SVG in Node (vega-lite compile, vega View with no renderer, toSVG). vega and
// vega-lite take over a second to import, so only the report command loads them, on first use.
type Spec = Record<string, unknown>;

let libs: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;

export async function renderSvg(spec: Spec): Promise<string> {
  libs ??= Promise.all([import('vega'), import('vega-lite')]);
  const [vega, vl] = await libs;
  const compiled = vl.compile({ $schema: 'https://vega.github.io/schema/vega-lite/v5.json', ...spec } as never).spec;
  // warnings would go to stdout and mix with the command's output
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
