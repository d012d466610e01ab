import type { EndpointKey, FieldKey, Profile } from '../profile/profile.ts';

/** The suggested profile as the checks build it, and which keys they guessed. */
export interface Draft {
  readonly profile: Profile;
  /** Keys changed on a guess: a name the profile did not have. */
  readonly guessed: Set<string>;
  /** Keys whose names were reordered to put first what the instance's answers use. */
  readonly observed: Set<string>;
  setPath(key: EndpointKey, method: 'GET' | 'POST', path: string): void;
  setRequest<G extends keyof Profile['requests']>(group: G, key: keyof Profile['requests'][G] & string, name: string): void;
  setFields(key: FieldKey, names: string[]): void;
}

export function createDraft(start: Profile): Draft {
  const profile = structuredClone(start);
  const guessed = new Set<string>();
  const observed = new Set<string>();
  return {
    profile,
    guessed,
    observed,
    setPath(key, method, path) {
      profile.endpoints[key] = { method, path };
      guessed.add(`endpoints.${key}`);
    },
    setRequest(group, key, name) {
      (profile.requests[group] as Record<string, string>)[key] = name;
      guessed.add(`requests.${group}.${key}`);
    },
    setFields(key, names) {
      if (names.join() === profile.fields[key].join()) return;
      const added = names.some((n) => !start.fields[key].includes(n));
      profile.fields[key] = names;
      (added ? guessed : observed).add(`fields.${key}`);
      (added ? observed : guessed).delete(`fields.${key}`);
    },
  };
}
