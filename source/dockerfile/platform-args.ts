/**
 * BuildKit's automatic platform ARGs, for the machines Rescale builds and runs on (x86-64 Linux).
 * BuildKit defines them in the global scope, so FROM lines see them without an ARG; a stage sees
 * one after `ARG NAME`, and gets this value even when the ARG has a default, as with --build-arg.
 * (docs.docker.com, Dockerfile reference: "Automatic platform ARGs in the global scope".)
 */
export const platformArgs: ReadonlyMap<string, string> = new Map([
	['TARGETPLATFORM', 'linux/amd64'],
	['TARGETOS', 'linux'],
	['TARGETARCH', 'amd64'],
	['TARGETVARIANT', ''],
	['BUILDPLATFORM', 'linux/amd64'],
	['BUILDOS', 'linux'],
	['BUILDARCH', 'amd64'],
	['BUILDVARIANT', ''],
]);
