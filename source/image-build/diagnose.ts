/** The most likely cause of a failed build, read from the end of its log. */
const causes: Array<{pattern: RegExp; cause: string}> = [
	{pattern: /while parsing definition/, cause: 'The definition file has an error (see the FATAL line); rescale-apptainer convert shows the def it generated.'},
	{pattern: /cannot open build_script\.sh|Unable to build from .*: open .*no such file/, cause: 'An input file did not reach the job (the script or the def); build again with --new.'},
	{pattern: /manifest unknown|not found: manifest|failed to get checksum|requested access to the resource is denied/i, cause: 'The base image tag does not exist in the registry (or is private); pin a tag that exists.'},
	{pattern: /NO_PUBKEY/, cause: "apt-get update failed on NVIDIA's rotated repository key; remove /etc/apt/sources.list.d/cuda.list first (rule cuda-apt-key)."},
	{pattern: /Could not resolve host|Temporary failure in name resolution|Network is unreachable/i, cause: 'The build node could not reach the network (package index or image registry).'},
	{pattern: /No space left on device/i, cause: 'The build node ran out of disk; pick a coretype with more storage per core, or more cores.'},
	{pattern: /Killed|out of memory|Cannot allocate memory/i, cause: 'The build ran out of memory; pick a coretype with more memory, or more cores.'},
	{pattern: /fakeroot|user namespaces|permission denied/i, cause: 'Apptainer could not build without root on this node; check the build log for the step that needed root.'},
	{pattern: /pip.*(?:error|ERROR)|ERROR: (?:Could not|No matching distribution)/, cause: 'A pip install failed; check the package versions and the wheel index (rescale-apptainer validate).'},
	{pattern: /E: Unable to locate package|E: Package .* has no installation candidate/, cause: 'apt-get could not find a package; check its name for the base image\'s distribution.'},
];

/** `stopped`: the platform's reason when the job was stopped: that is the cause, whatever the log's end looks like. */
export function likelyBuildFailure(lines: string[], stopped?: string): string {
	if (stopped !== undefined) {
		return lines.length === 0 ? `The job was stopped (${stopped}) before it built anything: nothing is wrong with the Dockerfile.` : `The job was stopped (${stopped}) before the image was built; the last lines of its log say how far it got.`;
	}

	const text = lines.join('\n');
	return causes.find(({pattern}) => pattern.test(text))?.cause ?? (lines.length === 0 ? 'The build ended without writing a log; the job\'s page on Rescale may say why.' : 'The build stopped; the last lines of its log above say why.');
}

/** The platform's reason when a job was stopped (by the user, here or on its web page) rather than ending by itself. */
export function stoppedReason(final: {statusReason: string}): string | undefined {
	return /terminated|stopped/i.test(final.statusReason) ? final.statusReason : undefined;
}
