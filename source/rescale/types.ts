/** Shapes of the Rescale API (shared/rescale-api.md), as the client hands them on. */
export type Page<T> = {count: number; next: string | null; previous: string | null; results: T[]};

export type User = {email: string; firstName?: string; lastName?: string; fullName?: string; company?: unknown; maxJobHours?: number};

export type Coretype = {
	code: string;
	name: string;
	processorInfo?: string;
	cores: number[];
	/** GPUs per entry of `cores`; may be floats on the platform. */
	gpuCounts: number[];
	/** MB per core, GB per core. */
	memory?: number;
	storage?: number;
	/** $ per core-hour. */
	price?: number;
	/** A string on the platform; parsed to a number here. */
	lowPriorityPrice?: number;
	isDeprecated?: boolean;
	displayOrder?: number;
};

export type Analysis = {code: string; name: string; versions: Array<{version: string; versionCode: string}>};

export type ComputePrice = {coreType: string; planType?: string; isActive?: boolean; amount: number};

export type RescaleFile = {
	id: string;
	name: string;
	typeId?: number;
	decryptedSize?: number;
	dateUploaded?: string;
	relativePath?: string;
	downloadUrl?: string;
};

export type JobStatus = {status: string; statusDate: string; statusReason: string};

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

export type Job = JobRequest & {id: string; dateInserted?: string; jobStatus?: JobStatus | null};

export type Run = {id: string; dateStarted?: string | null; dateCompleted?: string | null};

export type Folder = {id: string; name: string; parentId: string | null};

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
