package io.hubgate.events;

import io.hubgate.testsupport.HoldGate;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.server.authorizer.AclCreateResult;
import org.apache.kafka.server.authorizer.AclDeleteResult;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.apache.kafka.server.authorizer.Authorizer;
import org.apache.kafka.server.authorizer.AuthorizerServerInfo;

/**
 * A slow broker: the test broker's authorizer (it allows everything) holds produce requests to the events topic, once
 * armed, until the test releases them; then the broker appends and acknowledges as usual, later than the producer waited.
 * It runs on the broker's request-handler threads inside the test JVM. Inert unless armed.
 */
public class HeldProduceRequests implements Authorizer {

  /** The gate the test arms and releases. */
  public static final HoldGate GATE = new HoldGate();

  @Override
  public List<AuthorizationResult> authorize(AuthorizableRequestContext context, List<Action> actions) {
    if (GATE.isArmed() && context.requestType() == ApiKeys.PRODUCE.id && actions.stream()
        .anyMatch(a -> a.resourcePattern().resourceType() == ResourceType.TOPIC
            && Channels.HUBSPOT_EVENTS.equals(a.resourcePattern().name()))) {
      GATE.holdHere();
    }
    return Collections.nCopies(actions.size(), AuthorizationResult.ALLOWED);
  }

  @Override
  public AuthorizationResult authorizeByResourceType(AuthorizableRequestContext context, AclOperation op, ResourceType type) {
    return AuthorizationResult.ALLOWED;
  }

  @Override
  public Map<Endpoint, ? extends CompletionStage<Void>> start(AuthorizerServerInfo serverInfo) {
    return serverInfo.endpoints().stream()
        .collect(Collectors.toMap(e -> e, e -> CompletableFuture.<Void>completedFuture(null)));
  }

  @Override
  public List<? extends CompletionStage<AclCreateResult>> createAcls(AuthorizableRequestContext context,
      List<AclBinding> bindings) {
    throw new UnsupportedOperationException("the test broker has no ACLs");
  }

  @Override
  public List<? extends CompletionStage<AclDeleteResult>> deleteAcls(AuthorizableRequestContext context,
      List<AclBindingFilter> filters) {
    throw new UnsupportedOperationException("the test broker has no ACLs");
  }

  @Override
  public Iterable<AclBinding> acls(AclBindingFilter filter) {
    return List.of();
  }

  @Override
  public void configure(Map<String, ?> configs) {
  }

  @Override
  public void close() {
    GATE.release();
  }
}
