/**
 * The GPU architectures (SMs) whose kernels PyTorch's published builds carry, per torch version and
 * CUDA flavour. A GPU whose SM is missing gets "no kernel image is available for execution on the
 * device" at the first CUDA kernel, however new it is.
 * Source: shared/validation-notes.md §2.8, from the capability lists quoted in torch's own runtime
 * warning: pytorch/pytorch#45028 and andreimargeloiu/WPFS#3 (cu102), pytorch/pytorch#90761,
 * PKU-YuanGroup/Open-Sora-Plan#39 and mistralai/mistral-inference#43 (1.8-1.13 cu11x: no sm_90),
 * pytorch/pytorch#157517 (2.8+ cu128/cu129 drop Maxwell, Pascal and Volta), unslothai/unsloth#5876
 * (cu130 has no sm_70). 2.8+ cu126 keeps sm_50-sm_90: the notes' advice for V100 is that variant.
 * sm_61 (listed as uncertain in the notes) is left out: sm_60 code already runs on 6.1 GPUs.
 * Checked 2026-11.
 */
export type TorchArchRow = {
	/** torch major.minor range, inclusive; `last` undefined = every later release. */
	first: string;
	last: string | undefined;
	/** CUDA versions (`11.3`) of the builds the row covers. */
	cuda: string[];
	sms: number[];
	source: string;
};

const torchArchLists: TorchArchRow[] = [
	{first: '1.0', last: '1.13', cuda: ['10.2'], sms: [37, 50, 60, 70], source: 'pytorch/pytorch#45028'},
	{first: '1.8', last: '1.13', cuda: ['11.1', '11.3', '11.5', '11.6', '11.7'], sms: [37, 50, 60, 70, 75, 80, 86], source: 'pytorch/pytorch#90761'},
	{first: '2.0', last: '2.7', cuda: ['11.8', '12.1', '12.4', '12.6'], sms: [50, 60, 70, 75, 80, 86, 90], source: 'shared/validation-notes.md §2.8'},
	{first: '2.7', last: '2.7', cuda: ['12.8'], sms: [50, 60, 70, 75, 80, 86, 90, 100, 120], source: 'shared/validation-notes.md §2.8'},
	{first: '2.8', last: undefined, cuda: ['12.6'], sms: [50, 60, 70, 75, 80, 86, 90], source: 'pytorch/pytorch#157517'},
	{first: '2.8', last: undefined, cuda: ['12.8', '12.9'], sms: [75, 80, 86, 90, 100, 120], source: 'pytorch/pytorch#157517'},
	{first: '2.9', last: undefined, cuda: ['13.0'], sms: [75, 80, 86, 90, 100, 120], source: 'unslothai/unsloth#5876'},
];

/** The row for a torch version (`1.11.0`) built with a CUDA (`11.3`), if the table knows it. */
export function torchArchList(torch: string, cuda: string): TorchArchRow | undefined {
	return torchArchLists.find(row => row.cuda.includes(cuda)
		&& compareMinor(torch, row.first) >= 0
		&& (row.last === undefined || compareMinor(torch, row.last) <= 0));
}

function compareMinor(a: string, b: string): number {
	const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
	const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
	return aMajor - bMajor || aMinor - bMinor;
}
