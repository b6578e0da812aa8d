// A local path where CloudFormation wants an S3 location works only after `aws cloudformation
// package` (or Meridian's Package stage) has uploaded it and rewritten the value.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';

/** The properties the package command uploads (SAM's are left to the transform). */
const PACKAGED: readonly (readonly [string, readonly string[]])[] = [
  ['AWS::ApiGateway::RestApi', ['BodyS3Location']],
  ['AWS::Lambda::Function', ['Code']],
  ['AWS::Lambda::LayerVersion', ['Content']],
  ['AWS::ElasticBeanstalk::ApplicationVersion', ['SourceBundle']],
  ['AWS::StepFunctions::StateMachine', ['DefinitionS3Location']],
  ['AWS::AppSync::GraphQLSchema', ['DefinitionS3Location']],
  ['AWS::AppSync::Resolver', ['RequestMappingTemplateS3Location']],
  ['AWS::AppSync::Resolver', ['ResponseMappingTemplateS3Location']],
  ['AWS::AppSync::FunctionConfiguration', ['RequestMappingTemplateS3Location']],
  ['AWS::AppSync::FunctionConfiguration', ['ResponseMappingTemplateS3Location']],
  ['AWS::CloudFormation::Stack', ['TemplateURL']],
  ['AWS::Glue::Job', ['Command', 'ScriptLocation']],
];

/** A plain string that is not already an S3 or HTTP location, nor a dynamic reference resolved at deploy time. */
const isLocalPath = (v: unknown): v is string =>
  typeof v === 'string' && v.trim() !== '' && !/^(s3|https?):\/\//i.test(v.trim()) && !v.includes('{{resolve:');

export const W3002 = cfnLintRule({
  id: 'W3002',
  severity: 'warning',
  shortDescription: 'Warn when properties are configured to only work with the package command',
  description: 'Code, templates and definitions given as local paths need the package command (or Meridian\'s Package stage) to upload them first.',
  tags: ['resources'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const [type, path] of PACKAGED) {
      for (const r of resourcesOf(ctx, type)) {
        let value: unknown = r.props;
        for (const key of path) value = isRecord(value) ? value[key] : undefined;
        if (isLocalPath(value)) out.push({ path: [...r.path, 'Properties', ...path], message: "This code may only work with 'package' cli command" });
      }
    }
    return out;
  },
});
