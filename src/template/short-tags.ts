// CloudFormation's YAML short forms and the long-form keys they stand for: shared by the tree
// builder (values) and the source map (paths through tagged nodes).

/** Short-form tags CloudFormation accepts, with the long-form key each stands for. */
export const SHORT_TAGS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub',
    'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString',
    // Rule-specific functions (the template's Rules section).
    'Contains', 'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll',
  ]
    .map((name): [string, string] => [`!${name}`, `Fn::${name}`])
    .concat([['!Ref', 'Ref'], ['!Condition', 'Condition']]),
);
