/**
 * The home folder a Docker build step sees: `ENV HOME=...` when set, else the home of the USER
 * (Docker reads it from the image's /etc/passwd; `useradd -m NAME` makes /home/NAME, which is
 * what this assumes), else root's. Undefined for a numeric USER, whose home the Dockerfile
 * does not tell.
 */
export function buildHome(user: string | undefined, envHome: string | undefined): string | undefined {
	if (envHome) {
		return envHome;
	}

	const name = user?.split(':')[0];
	if (name === undefined || name === 'root' || name === '0') {
		return '/root';
	}

	return /^\d+$/.test(name) ? undefined : `/home/${name}`;
}

/** The user a USER instruction switches to, undefined for root. */
export function userOf(text: string): string | undefined {
	const name = text.trim().split(':')[0];
	return name === '' || name === 'root' || name === '0' ? undefined : name;
}
