# Mistake: folds any two constants, whatever the operator and whatever their type.
# Fails the check: other operators, and operands that are not int constants, are left alone
import ast


class FoldAdd(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant):
            return ast.Constant(node.left.value + node.right.value)
        return node


def fold(source):
    tree = FoldAdd().visit(ast.parse(source))
    ast.fix_missing_locations(tree)
    return compile(tree, "<folded>", "exec")
