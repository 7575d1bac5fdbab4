import { IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { check } from './errors';
import { checkDnsLabel, checkQuantity, quantityBytes } from './validate';
import { HostAgentAccess, hostAgentContainerSecurityContext, restrictedContainerSecurityContext } from './security';

/** CPU and memory for one container. Both requests and limits are required. */
export interface ContainerResources {
  /** e.g. `{ cpu: '50m', memory: '64Mi' }` */
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** e.g. `{ memory: '128Mi' }`; a CPU limit is optional (throttling hurts more than it helps). */
  readonly limits: { readonly cpu?: string; readonly memory: string };
}

export interface HardenedContainerProps {
  /** The container's name, unique in the pod; errors name it. */
  readonly name: string;
  /** An image pinned to an exact version (`repo:1.2.3` or a digest); `latest` is rejected. */
  readonly image: string;
  /** Arguments to the command. @default - the image's CMD */
  readonly args?: string[];
  /** The command run, replacing the image's entrypoint. @default - the image's ENTRYPOINT */
  readonly command?: string[];
  /** Environment variables. @default - none */
  readonly env?: k8s.EnvVar[];
  /** Ports the container exposes; with any, it is a server and needs both probes. @default - none */
  readonly ports?: k8s.ContainerPort[];
  /** CPU and memory requests and limits. */
  readonly resources: ContainerResources;
  /** Restarts the container when it fails; required, with `readinessProbe`, for servers (any container with ports). @default - none */
  readonly livenessProbe?: k8s.Probe;
  /** Takes the pod out of its Services while it fails; required, with `livenessProbe`, for servers. @default - none */
  readonly readinessProbe?: k8s.Probe;
  /** Holds off the other probes until it first succeeds, for slow starters. @default - none */
  readonly startupProbe?: k8s.Probe;
  /** Volumes mounted into the container. @default - none */
  readonly volumeMounts?: k8s.VolumeMount[];
  /** Working directory of the command. @default - the image's */
  readonly workingDir?: string;
  /** Host access opt-out, for host agents only. @default - the restricted profile */
  readonly hostAccess?: HostAgentAccess;
  /** Run as this user instead of the pod's. @default - the pod's user */
  readonly runAsUser?: number;
}

/**
 * Whether `image` names an exact version: a sha256 digest, or a tag with a version number in it
 * (`v1.8.2`, `1.27.5-alpine`). Moving tags such as `latest`, `main` or `stable` carry no digit.
 */
export function isPinned(image: string): boolean {
  const [ref, digest] = image.split('@');
  if (digest !== undefined) return /^sha256:[0-9a-f]{64}$/.test(digest);
  const tag = ref.lastIndexOf(':') > ref.lastIndexOf('/') ? ref.slice(ref.lastIndexOf(':') + 1) : '';
  return /\d/.test(tag) && tag !== 'latest';
}

/** Rejects images without an exact version. */
export function checkPinnedImage(where: IConstruct | string, field: string, image: string): void {
  check(isPinned(image), where, field, image,
    'an image pinned to an exact version, such as "quay.io/prometheus/node-exporter:v1.8.2" (not "latest", "main" or untagged)');
}

/**
 * A container with the stack's hardened defaults: restricted security context, requests and
 * limits, probes for servers, a pinned image. Bad input is rejected, naming the container.
 */
export function hardenedContainer(scope: IConstruct, props: HardenedContainerProps): k8s.Container {
  const where = `${scope.node.path}/containers/${props.name}`;
  checkPinnedImage(where, 'image', props.image);
  checkQuantity(where, 'resources.requests.cpu', props.resources.requests.cpu);
  checkQuantity(where, 'resources.requests.memory', props.resources.requests.memory);
  checkQuantity(where, 'resources.limits.memory', props.resources.limits.memory);
  if (props.resources.limits.cpu !== undefined) checkQuantity(where, 'resources.limits.cpu', props.resources.limits.cpu);
  checkDnsLabel(where, 'name', props.name);
  check(quantityBytes(props.resources.limits.memory) >= quantityBytes(props.resources.requests.memory), where, 'resources.limits.memory',
    props.resources.limits.memory, `at least the memory request (${props.resources.requests.memory}), or the pod is refused`);
  // The kubelet refuses to start uid 0 under runAsNonRoot: root is the host-agent opt-out only.
  check(props.runAsUser !== 0 || !!props.hostAccess?.runAsRoot, where, 'runAsUser', props.runAsUser, 'a non-root user (root only through hostAccess.runAsRoot)');
  const isServer = (props.ports?.length ?? 0) > 0;
  check(!isServer || (props.livenessProbe !== undefined && props.readinessProbe !== undefined), where, 'livenessProbe/readinessProbe',
    undefined, 'both probes on a container that exposes ports');

  const securityContext = {
    ...(props.hostAccess ? hostAgentContainerSecurityContext(props.hostAccess) : restrictedContainerSecurityContext()),
    ...(props.runAsUser !== undefined ? { runAsUser: props.runAsUser } : {}),
  };
  const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(props.resources.limits.memory) };
  if (props.resources.limits.cpu) limits.cpu = k8s.Quantity.fromString(props.resources.limits.cpu);
  return {
    name: props.name,
    image: props.image,
    imagePullPolicy: 'IfNotPresent',
    ...(props.command ? { command: props.command } : {}),
    ...(props.args ? { args: props.args } : {}),
    ...(props.workingDir ? { workingDir: props.workingDir } : {}),
    ...(props.env?.length ? { env: props.env } : {}),
    ...(props.ports?.length ? { ports: props.ports } : {}),
    resources: {
      requests: {
        cpu: k8s.Quantity.fromString(props.resources.requests.cpu),
        memory: k8s.Quantity.fromString(props.resources.requests.memory),
      },
      limits,
    },
    ...(props.livenessProbe ? { livenessProbe: props.livenessProbe } : {}),
    ...(props.readinessProbe ? { readinessProbe: props.readinessProbe } : {}),
    ...(props.startupProbe ? { startupProbe: props.startupProbe } : {}),
    ...(props.volumeMounts?.length ? { volumeMounts: props.volumeMounts } : {}),
    securityContext,
  };
}

/** An HTTP GET probe on a named port. */
export function httpProbe(path: string, port: string | number, opts: { initialDelaySeconds?: number; periodSeconds?: number; timeoutSeconds?: number; failureThreshold?: number } = {}): k8s.Probe {
  return {
    httpGet: { path, port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port) },
    initialDelaySeconds: opts.initialDelaySeconds ?? 5,
    periodSeconds: opts.periodSeconds ?? 10,
    timeoutSeconds: opts.timeoutSeconds ?? 5,
    failureThreshold: opts.failureThreshold ?? 3,
  };
}
