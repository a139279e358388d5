package io.playknn.knn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Looks providers up with {@link ServiceLoader} on the context class loader. */
final class Providers {
  private Providers() {}

  static NearestNeighborsProvider get(String name) {
    if (KnnOptions.AUTO_ALGORITHM.equals(name)) {
      return AutoProvider.INSTANCE;
    }
    TreeMap<String, NearestNeighborsProvider> all = load();
    NearestNeighborsProvider p = all.get(name);
    if (p == null) {
      throw new IllegalArgumentException(
          "no NearestNeighbors provider named \""
              + name
              + "\"; available: "
              + all.keySet()
              + " or \""
              + KnnOptions.AUTO_ALGORITHM
              + "\" to choose by the input");
    }
    return p;
  }

  /**
   * @return the provider {@code options} name, once every parameter they set is one it declares
   * @throws IllegalArgumentException if there is no such provider, or naming the unknown parameter
   *     and the declared ones
   */
  static NearestNeighborsProvider checked(KnnOptions options) {
    NearestNeighborsProvider p = get(options.algorithm());
    checkParameters(p, options.parameters().keySet());
    return p;
  }

  /** Checks the parameter names against those {@code p} declares; the one validator of options. */
  static void checkParameters(NearestNeighborsProvider p, Set<String> names) {
    Set<String> known = p.parameterNames();
    for (String name : names) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown parameter \""
                + name
                + "\" for algorithm \""
                + p.name()
                + "\"; known parameters: "
                + new TreeSet<>(known)
                + elsewhere(p, name));
      }
    }
  }

  /** Where another provider declares the parameter, or one spelt alike (case, '_' and '-' aside). */
  private static String elsewhere(NearestNeighborsProvider p, String name) {
    StringBuilder hint = new StringBuilder();
    for (NearestNeighborsProvider other : load().values()) {
      for (String known : new TreeSet<>(other.parameterNames())) {
        if (!other.name().equals(p.name()) && spelling(known).equals(spelling(name))) {
          hint.append("; \"").append(known).append("\" is a parameter of \"").append(other.name()).append('"');
        }
      }
    }
    return hint.toString();
  }

  private static String spelling(String name) {
    return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /**
   * @return the provider named {@code name}, or empty when no provider has that name (the options
   *     are then checked when an index is fitted)
   */
  static Optional<NearestNeighborsProvider> find(String name) {
    return KnnOptions.AUTO_ALGORITHM.equals(name)
        ? Optional.of(AutoProvider.INSTANCE)
        : Optional.ofNullable(load().get(name));
  }

  static List<String> names() {
    return new ArrayList<>(load().keySet());
  }

  private static TreeMap<String, NearestNeighborsProvider> load() {
    TreeMap<String, NearestNeighborsProvider> byName = new TreeMap<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Providers.class.getClassLoader();
    }
    try {
      for (NearestNeighborsProvider p :
          ServiceLoader.load(NearestNeighborsProvider.class, loader)) {
        NearestNeighborsProvider previous = byName.putIfAbsent(p.name(), p);
        if (previous != null && previous.getClass() != p.getClass()) {
          throw new IllegalStateException(
              "two NearestNeighbors providers are named \""
                  + p.name()
                  + "\": "
                  + previous.getClass().getName()
                  + " and "
                  + p.getClass().getName());
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("a NearestNeighbors provider failed to load: " + e, e);
    }
    return byName;
  }
}
