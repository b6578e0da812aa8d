// The keywords of one property's constraints in the derived data, in short names to keep the
// file small (scripts/derive-reference-data.mjs writes them).
export interface PropertyConstraint {
  /** pattern (a regular expression in the provider schema's dialect) */
  p?: string;
  /** minLength */
  nl?: number;
  /** maxLength */
  xl?: number;
  /** minimum */
  n?: number;
  /** maximum */
  x?: number;
  /** minItems */
  ni?: number;
  /** maxItems */
  xi?: number;
  /** the id format the value has (cfn-lint's format keyword), e.g. AWS::EC2::Subnet.Id */
  f?: string;
}
