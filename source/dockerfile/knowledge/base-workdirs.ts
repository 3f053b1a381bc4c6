/**
 * WORKDIR set by well-known base images: the Dockerfile's RUN, COPY and ADD steps run relative to
 * it even when the Dockerfile itself never says WORKDIR.
 * Source: shared/validation-notes.md §6 (pytorch/pytorch Dockerfile: `WORKDIR /workspace`, verified;
 * NGC framework images: `/workspace`, recalled). Checked 2026-11.
 */
export type BaseWorkdirRow = {image: RegExp; workdir: string; confidence: 'verified' | 'unverified'};

export const baseWorkdirs: BaseWorkdirRow[] = [
	{image: /^(?:docker\.io\/|ghcr\.io\/)?pytorch\/pytorch(?::|@|$)/, workdir: '/workspace', confidence: 'verified'},
	{image: /^nvcr\.io\/nvidia\/(?:pytorch|tensorflow)(?::|@|$)/, workdir: '/workspace', confidence: 'unverified'},
];

export function baseImageWorkdir(image: string): string | undefined {
	return baseWorkdirs.find(row => row.image.test(image))?.workdir;
}
