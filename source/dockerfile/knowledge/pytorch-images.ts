/**
 * Published `pytorch/pytorch` image tags: `{torch}-cuda{X.Y}-cudnn{N}-{runtime|devel}`, each
 * variant in both flavours (also mirrored at ghcr.io/pytorch/pytorch).
 * Source: shared/validation-notes.md §2.1 (pytorch/pytorch .github/workflows/docker-release.yml,
 * docker.Makefile, and tags seen in public Dockerfiles). Checked 2026-11.
 * `confidence: 'verified'` rows were seen in a primary source; the others are recalled and kept
 * so that the validator can suggest them, but they should be checked against the registry.
 */
export type PytorchImageRow = {
	torch: string[];
	variants: Array<{cuda: string; cudnn: string}>;
	confidence: 'verified' | 'unverified';
};

export const pytorchImages: PytorchImageRow[] = [
	{torch: ['1.4', '1.5', '1.5.1', '1.6.0'], variants: [{cuda: '10.1', cudnn: '7'}], confidence: 'unverified'},
	{torch: ['1.7.0', '1.7.1'], variants: [{cuda: '11.0', cudnn: '8'}], confidence: 'unverified'},
	{torch: ['1.8.0'], variants: [{cuda: '11.1', cudnn: '8'}], confidence: 'unverified'},
	{torch: ['1.8.1'], variants: [{cuda: '11.1', cudnn: '8'}, {cuda: '10.2', cudnn: '7'}], confidence: 'unverified'},
	{torch: ['1.9.0', '1.9.1'], variants: [{cuda: '11.1', cudnn: '8'}, {cuda: '10.2', cudnn: '7'}], confidence: 'verified'},
	{torch: ['1.10.0'], variants: [{cuda: '11.3', cudnn: '8'}], confidence: 'verified'},
	{torch: ['1.11.0'], variants: [{cuda: '11.3', cudnn: '8'}], confidence: 'verified'},
	{torch: ['1.12.0', '1.12.1'], variants: [{cuda: '11.3', cudnn: '8'}, {cuda: '11.6', cudnn: '8'}], confidence: 'verified'},
	{torch: ['1.13.0', '1.13.1'], variants: [{cuda: '11.6', cudnn: '8'}, {cuda: '11.7', cudnn: '8'}], confidence: 'verified'},
	{torch: ['2.0.0', '2.0.1'], variants: [{cuda: '11.7', cudnn: '8'}, {cuda: '11.8', cudnn: '8'}], confidence: 'unverified'},
	{
		torch: ['2.1.0', '2.1.1', '2.1.2', '2.2.0', '2.2.1', '2.2.2', '2.3.0', '2.3.1'],
		variants: [{cuda: '11.8', cudnn: '8'}, {cuda: '12.1', cudnn: '8'}],
		confidence: 'verified',
	},
	{
		torch: ['2.4.0', '2.4.1', '2.5.0', '2.5.1'],
		variants: [{cuda: '11.8', cudnn: '9'}, {cuda: '12.1', cudnn: '9'}, {cuda: '12.4', cudnn: '9'}],
		confidence: 'unverified',
	},
	{torch: ['2.6.0'], variants: [{cuda: '11.8', cudnn: '9'}, {cuda: '12.4', cudnn: '9'}, {cuda: '12.6', cudnn: '9'}], confidence: 'unverified'},
	{torch: ['2.7.0', '2.7.1'], variants: [{cuda: '11.8', cudnn: '9'}, {cuda: '12.6', cudnn: '9'}, {cuda: '12.8', cudnn: '9'}], confidence: 'verified'},
	{torch: ['2.8.0'], variants: [{cuda: '12.6', cudnn: '9'}, {cuda: '12.8', cudnn: '9'}, {cuda: '12.9', cudnn: '9'}], confidence: 'verified'},
	{torch: ['2.9.0', '2.9.1'], variants: [{cuda: '12.6', cudnn: '9'}, {cuda: '12.8', cudnn: '9'}, {cuda: '13.0', cudnn: '9'}], confidence: 'verified'},
];
