export { createModelServer } from './server';
export type { ModelServer, ModelServerOptions } from './server';
export { InferenceClient } from './client';
export { smokeTestEndpoint } from './smoke-test';
export type { SmokeTestOptions, SmokeTestResult } from './smoke-test';
export { ProtocolError } from './protocol';
export type {
  Datatype,
  InferRequest,
  InferResponse,
  ModelMetadata,
  Tensor,
  TensorMetadata,
} from './protocol';
