/**
 * Pages of the PyG extension wheel index `https://data.pyg.org/whl/torch-{page}+{cuda}.html`
 * (same listing on the legacy host pytorch-geometric.com/whl) and the CUDA tags each serves.
 * Source: shared/validation-notes.md §2.3 (pytorch_scatter README history and the index listings).
 * Checked 2026-11. A page not listed here is treated as missing: pip then ignores it silently.
 */
export type PygIndexRow = {pages: string[]; cuda: string[]};

export const pygIndex: PygIndexRow[] = [
	{pages: ['1.4.0'], cuda: ['cpu', 'cu92', 'cu100', 'cu101']},
	{pages: ['1.5.0'], cuda: ['cpu', 'cu92', 'cu101', 'cu102']},
	{pages: ['1.6.0'], cuda: ['cpu', 'cu92', 'cu101', 'cu102']},
	{pages: ['1.7.0', '1.7.1'], cuda: ['cpu', 'cu92', 'cu101', 'cu102', 'cu110']},
	{pages: ['1.8.0', '1.8.1'], cuda: ['cpu', 'cu101', 'cu102', 'cu111']},
	{pages: ['1.9.0', '1.9.1'], cuda: ['cpu', 'cu102', 'cu111']},
	{pages: ['1.10.0', '1.10.1', '1.10.2'], cuda: ['cpu', 'cu102', 'cu111', 'cu113']},
	{pages: ['1.11.0'], cuda: ['cpu', 'cu102', 'cu113', 'cu115']},
	{pages: ['1.12.0', '1.12.1'], cuda: ['cpu', 'cu102', 'cu113', 'cu116']},
	{pages: ['1.13.0', '1.13.1'], cuda: ['cpu', 'cu116', 'cu117']},
	{pages: ['2.0.0', '2.0.1'], cuda: ['cpu', 'cu117', 'cu118']},
	{pages: ['2.1.0', '2.1.1', '2.1.2', '2.2.0', '2.2.1', '2.2.2', '2.3.0', '2.3.1'], cuda: ['cpu', 'cu118', 'cu121']},
	{pages: ['2.4.0', '2.4.1', '2.5.0', '2.5.1'], cuda: ['cpu', 'cu118', 'cu121', 'cu124']},
	{pages: ['2.6.0'], cuda: ['cpu', 'cu118', 'cu124', 'cu126']},
	{pages: ['2.7.0'], cuda: ['cpu', 'cu118', 'cu126', 'cu128']},
	{pages: ['2.8.0'], cuda: ['cpu', 'cu126', 'cu128', 'cu129']},
	{pages: ['2.9.0', '2.10.0', '2.11.0'], cuda: ['cpu', 'cu126', 'cu128', 'cu130']},
];
