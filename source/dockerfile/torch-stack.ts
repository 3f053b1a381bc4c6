import {imageName, parseImageRef} from './image-ref.js';
import {pygIndex} from './knowledge/pyg-wheel-index.js';
import {pytorchImages} from './knowledge/pytorch-images.js';

/** What torch a step builds against: version and CUDA (`11.3`), `cpu`, or unknown. */
export type TorchStack = {torch: string; cuda: string | undefined};

export type PytorchImage = TorchStack & {repository: string; cudnn: string; flavor: string};

const pytorchRepositories = new Set(['pytorch/pytorch', 'docker.io/pytorch/pytorch', 'ghcr.io/pytorch/pytorch']);
const pytorchTag = /^(\d+\.\d+(?:\.\d+)?)-cuda(\d+\.\d+)-cudnn(\d+(?:\.\d+)?)-(runtime|devel)$/;

/** The torch stack of a `pytorch/pytorch:{torch}-cuda{X.Y}-cudnn{N}-{flavor}` image. */
export function pytorchImage(reference: string): PytorchImage | undefined {
	const image = parseImageRef(reference);
	const repository = imageName(image);
	const match = pytorchTag.exec(image.tag ?? '');
	if (!pytorchRepositories.has(repository) || !match) {
		return undefined;
	}

	const [, torch, cuda, cudnn, flavor] = match as unknown as [string, string, string, string, string];
	return {torch, cuda, cudnn, flavor, repository};
}

export function minorVersion(version: string): string {
	return version.split('.').slice(0, 2).join('.');
}

/** `11.3` -> `cu113`; `cpu` stays `cpu`. */
export function cudaTag(cuda: string): string {
	return cuda === 'cpu' ? 'cpu' : `cu${cuda.replace('.', '')}`;
}

/** `cu113` -> `11.3`, `cu92` -> `9.2`, `cpu` -> `cpu`. */
export function cudaFromTag(tag: string): string | undefined {
	if (tag === 'cpu') {
		return 'cpu';
	}

	const digits = /^cu(\d{2,3})$/.exec(tag)?.[1];
	return digits ? `${Number(digits.slice(0, -1))}.${digits.slice(-1)}` : undefined;
}

export type PygPage = {url: string; torch: string; cuda: string | undefined};

const pygUrl = /^(?:https?:\/\/)?(?:data\.pyg\.org|pytorch-geometric\.com)\/whl\/(?:nightly\/)?torch-(\d+\.\d+(?:\.\d+)?)(?:\+(\w+))?\.html$/;

export function parsePygIndexUrl(url: string): PygPage | undefined {
	const match = pygUrl.exec(url);
	if (!match) {
		return undefined;
	}

	return {url, torch: match[1]!, cuda: match[2] ? cudaFromTag(match[2]) ?? match[2] : undefined};
}

export function pygPageExists(torch: string, cuda: string | undefined): boolean {
	const row = pygIndex.find(candidate => candidate.pages.includes(torch));
	return row !== undefined && (cuda === undefined || row.cuda.includes(cudaTag(cuda)));
}

/** The PyG index page for a torch stack, preferring the exact torch version's own page. */
export function pygIndexUrlFor(stack: TorchStack): string | undefined {
	if (!stack.cuda) {
		return undefined;
	}

	const tag = cudaTag(stack.cuda);
	const rows = pygIndex.filter(row => row.cuda.includes(tag));
	const page = rows.flatMap(row => row.pages).find(candidate => candidate === stack.torch)
		?? rows.flatMap(row => row.pages).find(candidate => minorVersion(candidate) === minorVersion(stack.torch));
	return page ? `https://data.pyg.org/whl/torch-${page}+${tag}.html` : undefined;
}

/** A published pytorch image for a torch stack, in the same repository and flavour as `like`. */
export function pytorchImageFor(stack: TorchStack, like: PytorchImage | undefined): string | undefined {
	if (!stack.cuda || stack.cuda === 'cpu') {
		return undefined;
	}

	const candidates = pytorchImages.flatMap(row =>
		row.torch.flatMap(torch => row.variants.filter(variant => variant.cuda === stack.cuda).map(variant => ({torch, ...variant}))));
	const match = candidates.find(candidate => candidate.torch === stack.torch)
		?? candidates.findLast(candidate => minorVersion(candidate.torch) === minorVersion(stack.torch));
	if (!match) {
		return undefined;
	}

	const repository = like?.repository ?? 'pytorch/pytorch';
	const flavor = like?.flavor ?? 'runtime';
	return `${repository}:${match.torch}-cuda${match.cuda}-cudnn${match.cudnn}-${flavor}`;
}

const pytorchIndexUrl = /^(?:https?:\/\/)?download\.pytorch\.org\/whl\/(?:nightly\/)?(cpu|cu\d+)\/?$/;

/** The CUDA of a download.pytorch.org wheel index (`https://download.pytorch.org/whl/cu113`). */
export function pytorchIndexCuda(url: string): string | undefined {
	const tag = pytorchIndexUrl.exec(url)?.[1];
	return tag ? cudaFromTag(tag) : undefined;
}
