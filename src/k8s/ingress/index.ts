// Ingress helpers for load balancers outside the cluster (the AWS Load Balancer Controller).
export * from './alb-certificate';
