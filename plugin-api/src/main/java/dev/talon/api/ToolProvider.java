package dev.talon.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/** Offers tools to the model. A tenant gets the tools of the plugins its config allows, and no others. */
public interface ToolProvider extends ExtensionPoint {

    /** The tools this provider offers; names must be unique across the plugins a tenant uses. */
    List<Tool> tools();
}
