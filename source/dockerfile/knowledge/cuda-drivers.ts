/**
 * The oldest Linux NVIDIA driver that runs code built with each CUDA version. Apptainer's --nv
 * binds the host's driver into the container and checks nothing, so an image whose CUDA is newer
 * than the node's driver fails at the first CUDA call ("CUDA driver version is insufficient for
 * CUDA runtime version").
 * Source: shared/validation-notes.md §2.7 — `toolkit` from Table 3 of the CUDA Toolkit release notes
 * (8.0-12.0 verified via light-the-torch `_cb.py`; 12.1+ recalled, some corroborated), `family`
 * from NVIDIA "CUDA Compatibility / Minor Version Compatibility" (verified). Checked 2026-11.
 */
export type CudaDriverRow = {
	cuda: string;
	/** The driver the toolkit release ships with: everything works from this one. */
	toolkit: string;
	/** With minor-version compatibility: runs, with a limited feature set (no JIT of newer PTX). */
	family: string | undefined;
	confidence: 'verified' | 'unverified';
};

const family11 = '450.80.02';
const family12 = '525.60.13';
const family13 = '580';

const cudaDrivers: CudaDriverRow[] = [
	{cuda: '9.0', toolkit: '384.81', family: undefined, confidence: 'verified'},
	{cuda: '9.2', toolkit: '396.26', family: undefined, confidence: 'verified'},
	{cuda: '10.0', toolkit: '410.48', family: undefined, confidence: 'verified'},
	{cuda: '10.1', toolkit: '418.39', family: undefined, confidence: 'verified'},
	{cuda: '10.2', toolkit: '440.33', family: undefined, confidence: 'verified'},
	{cuda: '11.0', toolkit: '450.36.06', family: family11, confidence: 'verified'},
	{cuda: '11.1', toolkit: '455.23', family: family11, confidence: 'verified'},
	{cuda: '11.2', toolkit: '460.27.03', family: family11, confidence: 'verified'},
	{cuda: '11.3', toolkit: '465.19.01', family: family11, confidence: 'verified'},
	{cuda: '11.4', toolkit: '470.42.01', family: family11, confidence: 'verified'},
	{cuda: '11.5', toolkit: '495.29.05', family: family11, confidence: 'verified'},
	{cuda: '11.6', toolkit: '510.39.01', family: family11, confidence: 'verified'},
	{cuda: '11.7', toolkit: '515.43.04', family: family11, confidence: 'verified'},
	{cuda: '11.8', toolkit: '520.61.05', family: family11, confidence: 'verified'},
	{cuda: '12.0', toolkit: '525.60.13', family: family12, confidence: 'verified'},
	{cuda: '12.1', toolkit: '530.30.02', family: family12, confidence: 'unverified'},
	{cuda: '12.2', toolkit: '535.54.03', family: family12, confidence: 'unverified'},
	{cuda: '12.3', toolkit: '545.23.06', family: family12, confidence: 'unverified'},
	{cuda: '12.4', toolkit: '550.54.14', family: family12, confidence: 'unverified'},
	{cuda: '12.5', toolkit: '555.42.02', family: family12, confidence: 'unverified'},
	{cuda: '12.6', toolkit: '560.28.03', family: family12, confidence: 'unverified'},
	{cuda: '12.8', toolkit: '570.26', family: family12, confidence: 'unverified'},
	{cuda: '12.9', toolkit: '575.51.03', family: family12, confidence: 'unverified'},
	{cuda: '13.0', toolkit: '580.65.06', family: family13, confidence: 'unverified'},
];

export function driverRequirement(cuda: string): CudaDriverRow | undefined {
	return cudaDrivers.find(row => row.cuda === cuda);
}

/** Orders dotted driver versions numerically: `470.82.01` < `525.60.13`. */
export function compareDriverVersions(a: string, b: string): number {
	const left = a.split('.').map(Number);
	const right = b.split('.').map(Number);
	for (let index = 0; index < Math.max(left.length, right.length); index++) {
		const difference = (left[index] ?? 0) - (right[index] ?? 0);
		if (difference !== 0) {
			return difference;
		}
	}

	return 0;
}

/** The newest CUDA a driver runs fully (its toolkit minimum is met), for advice after a failure. */
export function newestCudaFor(driver: string): string | undefined {
	return cudaDrivers.findLast(row => compareDriverVersions(driver, row.toolkit) >= 0)?.cuda;
}
