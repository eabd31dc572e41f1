package io.hubgate.events;

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

  private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);
  private static final AtomicReference<CountDownLatch> armed = new AtomicReference<>();
  private static volatile CountDownLatch holding = new CountDownLatch(1);

  /** Holds every produce request to the events topic until {@link #release()}. */
  public static void arm() {
    holding = new CountDownLatch(1);
    armed.set(new CountDownLatch(1));
  }

  public static boolean awaitHolding(Duration wait) throws InterruptedException {
    return holding.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static void release() {
    CountDownLatch latch = armed.getAndSet(null);
    if (latch != null) {
      latch.countDown();
    }
  }

  @Override
  public List<AuthorizationResult> authorize(AuthorizableRequestContext context, List<Action> actions) {
    CountDownLatch latch = armed.get();
    if (latch != null && context.requestType() == ApiKeys.PRODUCE.id && actions.stream()
        .anyMatch(a -> a.resourcePattern().resourceType() == ResourceType.TOPIC
            && Channels.HUBSPOT_EVENTS.equals(a.resourcePattern().name()))) {
      holding.countDown();
      try {
        latch.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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
    release();
  }
}
