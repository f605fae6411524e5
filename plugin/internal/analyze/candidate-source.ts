/** Where a slot resolver draws mapping-key candidates from (computed lazily, only when needed). */
export interface CandidateSource {
  /** Candidate words of every transaction of the block. */
  blockWords(): readonly string[];
  /** Candidate words of each transaction on either side of the key's dependencies (for nested mappings). */
  involvedWords(): readonly InvolvedWords[];
}

export interface InvolvedWords {
  /** Identifies the transaction (its hash), so that it is expanded once. */
  id: string;
  words: readonly string[];
}
