export type ImageRef = {
	/** Registry host when the reference names one (`ghcr.io`, `nvcr.io`), else undefined (Docker Hub). */
	registry: string | undefined;
	/** Repository path without registry, e.g. `pytorch/pytorch` or `library/ubuntu` written as `ubuntu`. */
	repository: string;
	tag: string | undefined;
	digest: string | undefined;
};

/** Splits `registry/repo:tag@digest` into its parts; it does not validate the reference. */
export function parseImageRef(reference: string): ImageRef {
	const [nameAndTag = '', digest] = reference.split('@', 2);
	const lastSlash = nameAndTag.lastIndexOf('/');
	const lastColon = nameAndTag.lastIndexOf(':');
	const hasTag = lastColon > lastSlash;
	const name = hasTag ? nameAndTag.slice(0, lastColon) : nameAndTag;
	const tag = hasTag ? nameAndTag.slice(lastColon + 1) : undefined;
	const [first = '', ...rest] = name.split('/');
	const firstIsRegistry = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
	return {
		registry: firstIsRegistry ? first : undefined,
		repository: firstIsRegistry ? rest.join('/') : name,
		tag,
		digest: digest || undefined,
	};
}

/** Repository with its registry, as written: `ghcr.io/pytorch/pytorch`. */
export function imageName(reference: ImageRef): string {
	return reference.registry ? `${reference.registry}/${reference.repository}` : reference.repository;
}
