/**
 * The sandbox's platform catalogue. CPU coretypes and "Aquamarine v3" follow what the contract
 * (shared/rescale-api.md) reports from the platform; the other GPU coretypes are invented, since
 * their codes are not public, and say so in their names.
 */
export type Coretype = {
	code: string;
	name: string;
	processorInfo: string;
	/** Allowed cores per slot, and the GPUs that come with each (same length). */
	cores: number[];
	gpuCounts: number[];
	gpuModel: string | undefined;
	/** What `nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv,noheader` prints per GPU (not sent by the API). */
	nvidiaSmi?: string;
	/** MB per core, GB per core. */
	memory: number;
	storage: number;
	/** $ per core-hour on demand; the low-priority price is a string on the platform. */
	price: number;
	lowPriorityPrice: string;
	walltimeRequired: boolean;
	isDeprecated: boolean;
	/** Listed, but the account must ask Rescale to enable it first. */
	mustBeRequested: boolean;
	displayOrder: number;
	categoryCodes: string[];
};

export type Analysis = {code: string; name: string; description: string; versions: Array<{version: string; versionCode: string}>};

export type Project = {id: string; name: string};

export type SandboxUser = {
	email: string;
	firstName: string;
	lastName: string;
	fullName: string;
	company: {name: string};
	maxJobHours: number;
};

export type Catalog = {coretypes: Coretype[]; analyses: Analysis[]; projects: Project[]; user: SandboxUser};

function coretype(fields: Omit<Coretype, 'walltimeRequired' | 'isDeprecated' | 'mustBeRequested' | 'lowPriorityPrice'> & {lowPriorityFactor?: number; isDeprecated?: boolean; mustBeRequested?: boolean}): Coretype {
	const {lowPriorityFactor = 0.56, isDeprecated = false, mustBeRequested = false, ...rest} = fields;
	return {...rest, lowPriorityPrice: (fields.price * lowPriorityFactor).toFixed(4), walltimeRequired: false, isDeprecated, mustBeRequested};
}

/** A fresh catalogue for one sandbox, so no two sandboxes share (or can change) each other's. */
export function createCatalog(): Catalog {
	return {
		coretypes: [
			coretype({code: 'emerald', name: 'Emerald', processorInfo: 'Intel Xeon E5-2670 @ 2.6 GHz', cores: [1, 2, 4, 8, 16, 32], gpuCounts: [0, 0, 0, 0, 0, 0], gpuModel: undefined, memory: 3750, storage: 32, price: 0.0625, displayOrder: 10, categoryCodes: ['general-purpose']}),
			coretype({code: 'emerald_max', name: 'Emerald Max', processorInfo: 'Intel Xeon E5-2670 @ 2.6 GHz', cores: [8, 16, 32], gpuCounts: [0, 0, 0], gpuModel: undefined, memory: 7500, storage: 64, price: 0.09, displayOrder: 11, categoryCodes: ['general-purpose']}),
			coretype({code: 'granite', name: 'Granite', processorInfo: 'Intel Xeon E5-2666 v3 @ 2.9 GHz', cores: [2, 4, 8, 18, 36], gpuCounts: [0, 0, 0, 0, 0], gpuModel: undefined, memory: 3750, storage: 25, price: 0.075, displayOrder: 12, categoryCodes: ['compute-optimized']}),
			coretype({code: 'hpc-3', name: 'Onyx', processorInfo: 'Intel Xeon E5-2666 v3 @ 2.9 GHz', cores: [1, 2, 4, 8, 18], gpuCounts: [0, 0, 0, 0, 0], gpuModel: undefined, memory: 3750, storage: 25, price: 0.07, displayOrder: 13, categoryCodes: ['compute-optimized']}),
			coretype({code: 'adamite', name: 'Adamite', processorInfo: 'Intel Xeon Platinum 8259CL @ 2.5 GHz', cores: [24], gpuCounts: [0], gpuModel: undefined, memory: 8000, storage: 40, price: 0.1751, lowPriorityFactor: 0.5642, displayOrder: 14, categoryCodes: ['memory-optimized']}),
			coretype({code: 'aquamarine_v3', name: 'Aquamarine v3', processorInfo: 'Intel Xeon E5-2690 v4 @ 2.6 GHz', cores: [6, 12, 24, 48], gpuCounts: [1, 2, 4, 8], gpuModel: 'Tesla V100', nvidiaSmi: 'Tesla V100-SXM2-16GB, 470.82.01, 7.0', memory: 18_666, storage: 122, price: 0.8425, displayOrder: 30, categoryCodes: ['gpu']}),
			coretype({code: 'sandbox-a100', name: 'Tourmaline A100 (simulated)', processorInfo: 'AMD EPYC 7J13 @ 2.45 GHz', cores: [16, 32, 64], gpuCounts: [1, 2, 4], gpuModel: 'NVIDIA A100 40 GB', nvidiaSmi: 'NVIDIA A100-SXM4-40GB, 525.85.12, 8.0', memory: 14_000, storage: 100, price: 1.35, displayOrder: 31, categoryCodes: ['gpu']}),
			coretype({code: 'sandbox-h100', name: 'Sapphire H100 (simulated)', processorInfo: 'Intel Xeon Platinum 8480+ @ 2.0 GHz', cores: [26, 52, 104], gpuCounts: [1, 2, 4], gpuModel: 'NVIDIA H100 80 GB', nvidiaSmi: 'NVIDIA H100 80GB HBM3, 535.104.05, 9.0', memory: 19_000, storage: 120, price: 2.45, displayOrder: 32, categoryCodes: ['gpu'], mustBeRequested: true}),
			// Still listed by the platform, refused for new jobs: clients must leave it out.
			coretype({code: 'sandbox-k80', name: 'Jade K80 (simulated, deprecated)', processorInfo: 'Intel Xeon E5-2686 v4 @ 2.3 GHz', cores: [4, 8], gpuCounts: [1, 2], gpuModel: 'Tesla K80', nvidiaSmi: 'Tesla K80, 470.82.01, 3.7', memory: 15_250, storage: 40, price: 0.45, displayOrder: 29, categoryCodes: ['gpu'], isDeprecated: true}),
		],
		analyses: [
			{code: 'user_included_apptainer_container', name: 'Bring Your Own Apptainer Container', description: 'Run your own Apptainer (Singularity) image.', versions: [{version: '1.0.1', versionCode: '1.0.1'}]},
			{code: 'user_included', name: 'Bring Your Own Software', description: 'Run any command on a Linux node.', versions: [{version: '0', versionCode: '0'}]},
			{code: 'python', name: 'Python', description: 'Python with the scientific stack.', versions: [{version: '3.11', versionCode: '3.11'}, {version: '3.10', versionCode: '3.10'}]},
		],
		projects: [{id: 'sandboxProject', name: 'Sandbox project'}],
		user: {
			email: 'researcher@sandbox.invalid',
			firstName: 'Sandbox',
			lastName: 'Researcher',
			fullName: 'Sandbox Researcher',
			company: {name: 'rescale-apptainer sandbox (simulated platform)'},
			maxJobHours: 72,
		},
	};
}

/** The GPUs a node of `coreType` with `coresPerSlot` cores comes with (0 when not offered). */
export function gpusFor(catalog: Catalog, coreType: string, coresPerSlot: number): number {
	const offered = catalog.coretypes.find(candidate => candidate.code === coreType);
	const index = offered?.cores.indexOf(coresPerSlot) ?? -1;
	return offered && index >= 0 ? offered.gpuCounts[index]! : 0;
}
