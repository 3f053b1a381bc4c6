import type {z} from 'zod';
import type {
	analysisSchema, coretypeSchema, fileSchema, folderSchema, jobSchema, jobStatusSchema, projectSchema, userSchema,
} from './schemas.js';

/** Shapes of the Rescale API as the client hands them on: read from the schemas that check them. */
export type User = z.infer<typeof userSchema>;
export type Project = z.infer<typeof projectSchema>;
export type Coretype = z.infer<typeof coretypeSchema>;
export type Analysis = z.infer<typeof analysisSchema>;
export type RescaleFile = z.infer<typeof fileSchema>;
export type JobStatus = z.infer<typeof jobStatusSchema>;
export type Job = z.infer<typeof jobSchema>;
export type Folder = z.infer<typeof folderSchema>;

/** What the client sends to create a job (shared/rescale-api.md, Job). */
export type JobRequest = {
	name: string;
	description?: string;
	projectId?: string | null;
	isLowPriority?: boolean;
	jobanalyses: Array<{
		analysis: {code: string; version: string};
		command: string;
		hardware: {coreType: string; coresPerSlot: number; slots?: number; walltime: number; type?: string};
		inputFiles: Array<{id: string; decompress?: boolean}>;
		envVars?: Record<string, string>;
	}>;
};

/** Progress reported while bytes move; the same event the wizard's panels render. */
export type TransferEvent = {kind: 'upload' | 'download'; file: string; sent: number; total: number};

export type RetryEvent = {kind: 'retry'; request: string; attempt: number; delayMs: number; reason: string};

/** A GPU coretype is one whose gpuCounts has a non-zero entry (there is no hasGpu field). */
export function isGpuCoretype(coretype: Pick<Coretype, 'gpuCounts'>): boolean {
	return coretype.gpuCounts.some(count => count > 0);
}

/** Timestamps come as `...898495Z`, `...+00:00` or `...-07:00`; undefined when unreadable. */
export function parseTimestamp(value: string | null | undefined): Date | undefined {
	if (!value) {
		return undefined;
	}

	const date = new Date(value.replace(/(\.\d{3})\d+/, '$1'));
	return Number.isNaN(date.getTime()) ? undefined : date;
}
