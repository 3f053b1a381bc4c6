import {after} from 'node:test';
import {RescaleClient, type ClientOptions, type RescaleApi} from '../../source/rescale/client.js';
import type {JobStatus} from '../../source/rescale/types.js';
import {createSandbox, type Sandbox, type SandboxOptions} from '../../source/sandbox/server.js';

/** The key every test sandbox uses; .ci/run checks that no test output ever contains it. */
export const testApiKey = 'sandbox-test-key-3f9d0c7a5b1e48e2a6c4d8f0b2e7a9c1';

/** Starts a sandbox on a free loopback port for the current test file, stopped after it. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = await createSandbox({speed: 400, apiKey: testApiKey, ...options});
	after(() => sandbox.stop());
	return sandbox;
}

/** A client for the sandbox whose retries wait a few milliseconds (Retry-After still counts). */
export function clientFor(sandbox: Sandbox, options: Partial<ClientOptions> = {}): RescaleClient {
	return new RescaleClient({platform: sandbox.url, apiKey: sandbox.apiKey, retry: {baseDelayMs: 5, maxDelayMs: 50}, ...options});
}

/** Polls until the job's newest status is `status` (default Completed). */
export async function waitForStatus(client: Pick<RescaleApi, 'jobs'>, jobId: string, status = 'Completed', timeoutMs = 20_000): Promise<JobStatus[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const statuses = await client.jobs.statuses(jobId);
		if (statuses[0]?.status === status) {
			return statuses;
		}

		if (Date.now() > deadline) {
			throw new Error(`job ${jobId} did not reach ${status}; statuses: ${statuses.map(entry => entry.status).join(', ')}`);
		}

		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

/** The platform's jobs of that name (tests count them: never two for one plan). */
export async function jobsNamed(client: Pick<RescaleClient, 'jobs'>, name: string) {
	return (await client.jobs.list()).filter(job => job.name === name);
}
