package io.playknn.knn;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

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
